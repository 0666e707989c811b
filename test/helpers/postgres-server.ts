import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";

/**
 * A real PostgreSQL 15 with pgvector for the tests that need one, started from Debian's binaries into a temporary
 * data folder on a free loopback port (about 2 s), and stopped afterwards. `.ci/install-postgres` installs it;
 * .ci/run sets DOCENT_REQUIRE_POSTGRES=1, so that in CI a missing server fails instead of skipping.
 */
const binaries = "/usr/lib/postgresql/15/bin";

function findSkipReason(): string | undefined {
  if (!existsSync(path.join(binaries, "initdb")))
    return `PostgreSQL 15 is not installed (no ${binaries}/initdb); run .ci/install-postgres`;
  const shareDir = spawnSync(path.join(binaries, "pg_config"), ["--sharedir"], {
    encoding: "utf8",
  }).stdout?.trim();
  if (!shareDir || !existsSync(path.join(shareDir, "extension", "vector.control")))
    return "pgvector is not installed for PostgreSQL 15; run .ci/install-postgres";
  if (process.getuid?.() === 0 && spawnSync("id", ["-u", "postgres"]).status !== 0)
    return "running as root and there is no postgres user to run the server as";
  return undefined;
}

const reason = findSkipReason();
if (reason !== undefined && process.env.DOCENT_REQUIRE_POSTGRES === "1") {
  throw new Error(`DOCENT_REQUIRE_POSTGRES=1 but ${reason}`);
}
/** Why PostgreSQL tests skip here, or undefined when they can run. */
export const postgresSkipReason = reason;

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  /** A URL for a fresh database of its own, created on demand. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server, keeping its data (for restart tests). */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  /** Stops the server and removes its data. */
  destroy(): Promise<void>;
}

/** `settings` are extra server settings (`-c name=value`), e.g. a larger shared_buffers for benchmarks. */
export async function startPostgres(settings: Record<string, string> = {}): Promise<PostgresServer> {
  const dataRoot = await mkdtemp(path.join(tmpdir(), "docent-postgres-"));
  const dataDir = path.join(dataRoot, "data");
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? postgresUser() : undefined;
  if (owner) await chown(dataRoot, owner.uid, owner.gid);
  const run = (command: string, args: string[]) =>
    execFileSync(path.join(binaries, command), args, {
      stdio: "pipe",
      ...(owner ?? {}),
      env: { ...process.env, LC_ALL: "C.UTF-8" },
    });
  run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  const extra = Object.entries(settings).map(([name, value]) => ` -c ${name}=${value}`);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dataRoot} -c fsync=off -c synchronous_commit=off -c full_page_writes=off${extra.join("")}`;
  const startServer = async () => {
    run("pg_ctl", ["-D", dataDir, "-o", options, "-l", path.join(dataRoot, "server.log"), "-w", "start"]);
  };
  const stopServer = async () => {
    run("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]);
  };
  await startServer();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    async createDatabase(name) {
      run("psql", [
        "-h",
        "127.0.0.1",
        "-p",
        String(port),
        "-U",
        "postgres",
        "-c",
        `CREATE DATABASE "${name}"`,
      ]);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stopServer,
    startServer,
    async destroy() {
      await stopServer().catch(() => undefined);
      await rm(dataRoot, { recursive: true, force: true });
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * One temporary PostgreSQL for the test file, started before its tests and destroyed after them (nothing is started
 * when PostgreSQL is missing and the tests skip). Returns a getter for the running server.
 */
export function useTemporaryPostgres(): () => PostgresServer {
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    if (postgresSkipReason === undefined) server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.destroy();
  });
  return () => {
    if (server === undefined) throw new Error("PostgreSQL is not running");
    return server;
  };
}
