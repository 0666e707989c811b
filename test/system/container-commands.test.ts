import { type ChildProcess, execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { chmod, chown, cp, mkdir, mkdtemp, readdir, rm, symlink } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { SlackSettings } from "../../src/adapters/slack/slack-settings.js";
import { chatPlatforms } from "../../src/cli/chat-platforms.js";
import { loadConfig } from "../../src/config/config.js";
import { type FakeSlack, startFakeSlack } from "../adapters/slack/fake-slack-api.js";
import { sendEvent, signingSecret } from "../adapters/slack/signed-requests.js";
import { waitFor } from "../adapters/slack/slack-harness.js";
import { projectRoot, spawnCollecting } from "../helpers/run-docent.js";

/**
 * No container engine runs here, so this test runs what the Dockerfile's runtime stage runs, outside a container:
 * a folder laid out like the image's WORKDIR (the compiled build, bin/, config/, the sample documents), the
 * stage's ENV with its paths moved into that folder, as an unprivileged user when the test runs as root (the
 * image's USER), writable only where the image declares its VOLUMEs. Then: the ENTRYPOINT with `ingest` (the
 * one-off run), the ENTRYPOINT with the CMD (`start`, with a loopback Slack), a question answered from the index
 * the one-off run wrote, the HEALTHCHECK command against the running process (healthy) and after it stopped
 * (unhealthy). compose.yaml is checked against the Dockerfile and the configuration schema.
 */

interface Instruction {
  keyword: string;
  argument: string;
}

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function readInstructions(file: string): Instruction[] {
  const joined = readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("#"))
    .join("\n")
    .replace(/\\\n/g, " ");
  return joined
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const [keyword = "", ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), argument: rest.join(" ") };
    });
}

function parseEnv(argument: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of argument.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)) {
    env[match[1] as string] = (match[2] as string).replace(/^"(.*)"$/, "$1");
  }
  return env;
}

function jsonArray(argument: string): string[] {
  const parsed: unknown = JSON.parse(argument);
  if (!Array.isArray(parsed)) throw new Error(`not an exec-form array: ${argument}`);
  return parsed.map(String);
}

const instructions = readInstructions(path.join(projectRoot, "Dockerfile"));
const stageStarts = instructions.flatMap((instruction, index) =>
  instruction.keyword === "FROM" ? [index] : [],
);
const runtimeStage = instructions.slice(stageStarts.at(-1));
const last = (keyword: string) => runtimeStage.filter((entry) => entry.keyword === keyword).at(-1)?.argument;
const image = {
  from: last("FROM") ?? "",
  workdir: last("WORKDIR") ?? "/",
  env: Object.assign(
    {},
    ...runtimeStage.filter((entry) => entry.keyword === "ENV").map((entry) => parseEnv(entry.argument)),
  ) as Record<string, string>,
  user: last("USER"),
  volumes: jsonArray(last("VOLUME") ?? "[]"),
  entrypoint: jsonArray(last("ENTRYPOINT") ?? "[]"),
  cmd: jsonArray(last("CMD") ?? "[]"),
  healthcheck: jsonArray((last("HEALTHCHECK") ?? "").replace(/^.*?\bCMD\s+/, "")),
  copies: runtimeStage
    .filter((entry) => entry.keyword === "COPY")
    .map((entry) => entry.argument.split(/\s+/)),
};

const isRoot = process.getuid?.() === 0;
/** The image's `USER node` outside a container: "nobody" when the test runs as root. */
const unprivileged = isRoot ? { uid: 65534, gid: 65534 } : undefined;

describe("the Dockerfile", () => {
  it("is multi-stage, runs as a non-root user, keeps the index and the state in volumes, and has a HEALTHCHECK", () => {
    expect(stageStarts.length).toBeGreaterThanOrEqual(2);
    // Node 24, the current LTS, in both stages (the addon is compiled for the Node that runs it).
    expect(instructions.find((entry) => entry.keyword === "FROM")?.argument).toMatch(
      /^node:24-bookworm AS build$/,
    );
    expect(image.from).toMatch(/^node:24-bookworm-slim\b/);
    expect(image.user).toBeDefined();
    expect(image.user).not.toMatch(/^(root|0)(:|$)/);
    expect(image.volumes).toEqual(
      expect.arrayContaining([image.env.DOCENT_INDEX_DIR, image.env.DOCENT_STATE_DIR]),
    );
    expect(image.entrypoint).toEqual(["node", "bin/docent.js"]);
    expect(image.cmd).toEqual(["start"]);
    expect(image.healthcheck[0]).toBe("node");
    expect(image.healthcheck.join(" ")).toContain("/healthz");
    // The build stage's native addon needs its toolchain; the runtime stage never compiles.
    const build = instructions.slice(0, stageStarts.at(-1));
    expect(
      build.some((entry) => entry.keyword === "RUN" && /python3.*make.*g\+\+/.test(entry.argument)),
    ).toBe(true);
    expect(
      runtimeStage.some(
        (entry) => entry.keyword === "RUN" && /apt-get|npm (ci|install)/.test(entry.argument),
      ),
    ).toBe(false);
  });

  it("names only test files that exist (its comments point readers at them)", () => {
    for (const file of ["Dockerfile", "compose.yaml"]) {
      // A path may be broken across two comment lines ("test/operations/" and "# container-commands.test.ts").
      const text = readFileSync(path.join(projectRoot, file), "utf8").replace(/\/\n#\s*/g, "/");
      const named = [...text.matchAll(/test\/[\w/-]+\.test\.ts/g)];
      if (file === "Dockerfile") expect(named.length).toBeGreaterThan(0);
      for (const [test] of named)
        expect(existsSync(path.join(projectRoot, test)), `${file} names ${test}`).toBe(true);
    }
  });

  it("copies nothing that .dockerignore leaves out of the build context", () => {
    const ignored = readFileSync(path.join(projectRoot, ".dockerignore"), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"));
    const sources = instructions
      .filter((entry) => entry.keyword === "COPY" && !entry.argument.startsWith("--from"))
      .flatMap((entry) => entry.argument.split(/\s+/).slice(0, -1));
    for (const source of sources) {
      const clean = source.replace(/\/$/, "");
      expect(
        ignored.filter((pattern) => clean === pattern || clean.startsWith(`${pattern}/`)),
        source,
      ).toEqual([]);
    }
    expect(ignored).toEqual(
      expect.arrayContaining([".env", "node_modules", "data/index", "data/state", ".git"]),
    );
  });
});

describe("compose.yaml", () => {
  const compose = parseYaml(readFileSync(path.join(projectRoot, "compose.yaml"), "utf8")) as {
    services: Record<string, Record<string, unknown>>;
  };
  const docent = compose.services.docent as {
    restart: string;
    environment: Record<string, string>;
    volumes: string[];
    ports: string[];
    depends_on: Record<string, { condition: string; required?: boolean }>;
  };
  /** Compose's ${NAME:-default} interpolation, with the given variables set. */
  const interpolate = (value: string, variables: Record<string, string> = {}) =>
    value.replace(
      /\$\{(\w+)(?::-([^}]*))?\}/g,
      (_, name: string, fallback = "") => variables[name] ?? fallback,
    );
  const environmentWith = (variables: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(docent.environment).map(([key, value]) => [key, interpolate(String(value), variables)]),
    );

  /** The container's environment for a .env: its env_file (all of .env), then `environment` interpolated with it. */
  const containerConfig = (dotEnv: Record<string, string>) =>
    loadConfig({ environment: { ...image.env, ...dotEnv, ...environmentWith(dotEnv) }, envFile: null });
  const readme = readFileSync(path.join(projectRoot, "README.md"), "utf8");
  const containerSection = readme.slice(
    readme.indexOf("## Running in a container"),
    readme.indexOf("## Commands"),
  );

  it("runs docent on the image's volumes with the model .env chooses: compose overrides none of it", () => {
    const targets = docent.volumes.map((volume) => interpolate(volume).split(":")[1]);
    expect(targets).toEqual(expect.arrayContaining([...image.volumes, image.env.DOCENT_DOCS_DIR]));
    expect(docent.ports.map((port) => interpolate(port).split(":").at(-1))).toContain(
      image.env.DOCENT_OPS_PORT,
    );
    // No choice in .env: no model (quoted passages), and Ollama does not run.
    const none = containerConfig({});
    expect(none.llm.provider).toBe("extractive");
    expect(none.storage.vectorStore).toBe("hnswlib");
    // OpenAI, Anthropic, a server of your own: as .env says, with no Ollama URL slipped in.
    const openai = containerConfig({
      LLM_PROVIDER: "openai",
      OPENAI_API_KEY: "sk-compose",
      LLM_MODEL: "gpt-4o",
    });
    expect(openai.llm).toMatchObject({ provider: "openai", baseUrl: undefined, model: "gpt-4o" });
    const anthropic = containerConfig({ LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: "sk-ant-compose" });
    expect(anthropic.llm).toMatchObject({ provider: "anthropic", baseUrl: undefined });
    const own = containerConfig({
      LLM_PROVIDER: "openai-compatible",
      LLM_BASE_URL: "http://vllm.internal:8000/v1",
    });
    expect(own.llm.baseUrl).toBe("http://vllm.internal:8000/v1");
    expect(own.llm.firstTokenTimeoutMs).toBe(120_000);
    expect(containerConfig({ LLM_FIRST_TOKEN_TIMEOUT_MS: "5000" }).llm.firstTokenTimeoutMs).toBe(5000);
  });

  it("runs Ollama, and pulls the model once, only under the ollama profile that the README's three lines choose", () => {
    for (const name of ["ollama", "ollama-pull"]) {
      expect((compose.services[name] as { profiles?: string[] }).profiles, name).toEqual(["ollama"]);
      expect(docent.depends_on[name]?.required, name).toBe(false);
    }
    expect(docent.depends_on["ollama-pull"]?.condition).toBe("service_completed_successfully");
    const lines = [...containerSection.matchAll(/^(COMPOSE_PROFILES|LLM_PROVIDER|LLM_BASE_URL)=(\S+)$/gm)];
    const chosen = Object.fromEntries(lines.map((match) => [match[1], match[2]])) as Record<string, string>;
    expect(Object.keys(chosen).sort()).toEqual(["COMPOSE_PROFILES", "LLM_BASE_URL", "LLM_PROVIDER"]);
    expect(chosen.COMPOSE_PROFILES).toBe("ollama");
    const config = containerConfig(chosen);
    expect(config.llm.provider).toBe("ollama");
    const baseUrl = new URL(config.llm.baseUrl ?? "");
    expect((compose.services[baseUrl.hostname] as { profiles?: string[] }).profiles).toEqual(["ollama"]);
    expect(baseUrl.port).toBe("11434");
    const pull = compose.services["ollama-pull"] as { entrypoint: string[] };
    expect(pull.entrypoint.map((part) => interpolate(part, chosen))).toEqual(["ollama", "pull", "llama2"]);
    expect(pull.entrypoint.map((part) => interpolate(part, { LLM_MODEL: "mistral" }))).toEqual([
      "ollama",
      "pull",
      "mistral",
    ]);
  });

  it("stops restarting after a few failures (no platform configured is exit 1), and restarts a crash", () => {
    expect(docent.restart).toMatch(/^on-failure:[1-9]$/);
  });

  it("publishes Slack's HTTP port on 127.0.0.1 unless .env opens it to every interface", () => {
    const slack = (variables: Record<string, string>) =>
      interpolate(docent.ports[0] ?? "", variables).split(":");
    expect(slack({})).toEqual(["127.0.0.1", "3000", "3000"]);
    expect(slack({ DOCENT_SLACK_PUBLISH_IP: "0.0.0.0", PORT: "8080" })).toEqual(["0.0.0.0", "8080", "3000"]);
    for (const port of docent.ports) expect(interpolate(port).split(":")[0]).toBe("127.0.0.1");
  });

  it("listens inside the container on the ports it publishes, and uses the mounted folders, whatever .env says", () => {
    // .env is read twice by compose: for ${...} in this file, and as the container's env_file (below environment).
    const dotEnv = {
      PORT: "4000",
      DOCENT_OPS_PORT: "9999",
      DOCENT_OPS_HOST: "127.0.0.1",
      DOCENT_DOCS_DIR: "/home/me/handbook",
      DOCENT_INDEX_DIR: "index-elsewhere",
      DOCENT_STATE_DIR: "state-elsewhere",
      DOCENT_ACCESS_FILE: "/etc/docent/access.yaml",
      SLACK_BOT_TOKEN: "xoxb-compose",
      SLACK_SIGNING_SECRET: "secret",
    };
    const config = loadConfig({
      environment: { ...image.env, ...dotEnv, ...environmentWith(dotEnv) },
      envFile: null,
      platforms: chatPlatforms,
    });
    const [slackPort, opsPort] = docent.ports.map((port) => interpolate(port, dotEnv).split(":"));
    expect(slackPort).toEqual([
      "127.0.0.1",
      "4000",
      String((config.platforms.slack as SlackSettings | undefined)?.port),
    ]);
    expect(opsPort).toEqual(["127.0.0.1", "9464", String(config.operations.port)]);
    expect(config.operations.host).toBe("0.0.0.0");
    expect(image.healthcheck.join(" ")).toContain("'9464'");
    const mounts = docent.volumes.map((volume) => interpolate(volume).split(":"));
    const mountedAt = (target: string) => mounts.find(([, inside]) => inside === target)?.[0];
    expect(mountedAt(config.docsDir)).toBe("./data/docs");
    expect(mountedAt(config.indexDir)).toBe("docent-index");
    expect(mountedAt(config.chat.stateDir)).toBe("docent-state");
    // The access file's folder (not the file: editors replace files, and a missing file would become a folder).
    const accessFolder = mountedAt(path.dirname(config.chat.accessFile));
    expect(accessFolder).toBe("./config");
    expect(readdirSync(path.join(projectRoot, accessFolder ?? ""))).toContain("access.example.yaml");
  });

  it("agrees with the README: .env created first, one-off runs without Ollama, every exposed port published", () => {
    const containers = containerSection;
    const header = readFileSync(path.join(projectRoot, "compose.yaml"), "utf8");
    for (const text of [containers, header]) {
      const runs = [...text.matchAll(/docker compose run [^\n`#]*/g)].map((match) => match[0]);
      expect(runs.length).toBeGreaterThan(0);
      for (const run of runs) expect(run).toContain("--no-deps");
      // --env-file .env fails when .env is missing: the instructions create it first.
      expect(text.indexOf("cp .env.example .env")).toBeGreaterThan(-1);
      expect(text.indexOf("cp .env.example .env")).toBeLessThan(text.indexOf("--env-file .env"));
    }
    const exposed = (instructions.filter((entry) => entry.keyword === "EXPOSE").at(-1)?.argument ?? "").split(
      /\s+/,
    );
    const dockerRun = containers.slice(containers.indexOf("docker run -d")).replace(/\s+/g, " ");
    const published = [...dockerRun.matchAll(/-p (?:[\d.]+:)?\d+:(\d+)/g)].map((match) => match[1]);
    expect(published.sort()).toEqual(exposed.sort());
    expect(dockerRun).toContain(":/app/config:ro");
  });

  it("names one node-llama-cpp version everywhere it is installed on purpose, and leaves it out of the default install", () => {
    const manifest = JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8"));
    for (const field of ["dependencies", "optionalDependencies", "devDependencies"]) {
      expect(manifest[field]?.["node-llama-cpp"], field).toBeUndefined();
    }
    const files = ["README.md", "Dockerfile", ".ci/run", "src/llamacpp/import-node-llama-cpp.ts"];
    const versions = files.flatMap((file) =>
      [...readFileSync(path.join(projectRoot, file), "utf8").matchAll(/node-llama-cpp@([\w.-]+)/g)].map(
        (match) => `${file}: ${match[1]}`,
      ),
    );
    for (const file of files)
      expect(
        versions.some((entry) => entry.startsWith(`${file}:`)),
        file,
      ).toBe(true);
    expect(new Set(versions.map((entry) => entry.split(": ")[1])).size, versions.join("; ")).toBe(1);
  });

  it("has PostgreSQL with pgvector under the pgvector profile, and compose.pgvector.env points docent at it", () => {
    const postgres = compose.services.postgres as { profiles: string[]; image: string };
    expect(postgres.profiles).toEqual(["pgvector"]);
    expect(postgres.image).toBe("pgvector/pgvector:pg15");
    expect(docent.depends_on.postgres).toEqual({ condition: "service_healthy", required: false });
    const variables: Record<string, string> = {};
    for (const line of readFileSync(path.join(projectRoot, "compose.pgvector.env"), "utf8").split("\n")) {
      const match = line.match(/^(\w+)=(.*)$/);
      if (match) variables[match[1] as string] = interpolate(match[2] as string, variables);
    }
    expect(variables.COMPOSE_PROFILES).toBe("pgvector");
    const config = loadConfig({
      environment: { ...image.env, ...environmentWith(variables) },
      envFile: null,
    });
    expect(config.storage.vectorStore).toBe("pgvector");
    expect(new URL(config.storage.databaseUrl ?? "").hostname).toBe("postgres");
  });
});

describe("the image's commands, run outside a container", () => {
  let appRoot: string;
  let fake: FakeSlack | undefined;
  let started: ChildProcess | undefined;

  /** The image's ENV with its WORKDIR moved to appRoot. */
  const imageEnv = () =>
    Object.fromEntries(
      Object.entries(image.env).map(([key, value]) => [
        key,
        value.replace(new RegExp(`^${image.workdir}(?=/|$)`), appRoot),
      ]),
    );

  function run(command: string[], env: Record<string, string>) {
    const [program = "", ...args] = command;
    return spawnCollecting(program === "node" ? process.execPath : program, args, {
      cwd: appRoot,
      env: { PATH: process.env.PATH ?? "", HOME: path.join(appRoot, "data/state"), ...env },
      stdio: ["ignore", "pipe", "pipe"],
      ...unprivileged,
    });
  }

  beforeAll(async () => {
    // The runtime stage's layout: COPY --from=build package.json, node_modules, dist, bin; COPY config, data/docs.
    appRoot = await mkdtemp(path.join(tmpdir(), "docent-image-"));
    await chmod(appRoot, 0o755);
    const built = promisify(execFile)(
      process.execPath,
      [
        path.join(projectRoot, "node_modules/typescript/bin/tsc"),
        "-p",
        "tsconfig.build.json",
        "--outDir",
        path.join(appRoot, "dist"),
      ],
      { cwd: projectRoot },
    );
    for (const [source, target] of image.copies
      .filter((copy) => !copy[0]?.startsWith("--from"))
      .map((copy) => [copy[0], copy[1]])) {
      await mkdir(path.dirname(path.join(appRoot, target as string)), { recursive: true });
      await symlink(
        path.join(projectRoot, source as string),
        path.join(appRoot, (target as string).replace(/\/$/, "")),
      );
    }
    await cp(path.join(projectRoot, "package.json"), path.join(appRoot, "package.json"));
    await cp(path.join(projectRoot, "bin"), path.join(appRoot, "bin"), { recursive: true });
    await symlink(path.join(projectRoot, "node_modules"), path.join(appRoot, "node_modules"));
    await built;
    // RUN mkdir -p <volumes> && chown -R node:node /app/data; USER node.
    for (const volume of image.volumes) {
      const folder = volume.replace(image.workdir, appRoot);
      await mkdir(folder, { recursive: true });
      if (unprivileged) await chown(folder, unprivileged.uid, unprivileged.gid);
    }
    fake = await startFakeSlack();
  }, 180_000);

  afterAll(async () => {
    if (started && started.exitCode === null) started.kill("SIGKILL");
    await fake?.stop();
    if (appRoot) await rm(appRoot, { recursive: true, force: true });
  });

  it("`ingest` as a one-off run, then `start` serves from that index and answers the HEALTHCHECK", async () => {
    expect(image.env.DOCENT_OPS_PORT).toBe("9464");
    const env = imageEnv();
    const ingest = run([...image.entrypoint, "ingest"], env);
    const ingested = await ingest.done;
    expect(ingested.code, ingested.stderr).toBe(0);
    expect(await readdir(env.DOCENT_INDEX_DIR as string)).toContain("CURRENT");

    // Another process (or another test) may hold 9464 here: the same variable, a free port.
    const opsPort = String(await freePort());
    const serving = {
      ...env,
      DOCENT_OPS_PORT: opsPort,
      DOCENT_OPS_HOST: "127.0.0.1",
      PORT: "0",
      SLACK_BOT_TOKEN: "xoxb-container-test",
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: fake?.apiUrl ?? "",
    };
    const start = run([...image.entrypoint, ...image.cmd], serving);
    started = start.child;
    await waitFor(
      () => start.stderr().includes('"docent is running"') || start.child.exitCode !== null,
      60_000,
    );
    expect(start.stderr()).toContain('"docent is running"');
    expect(start.stderr(), "start used the index of the one-off run").not.toContain("No index yet");

    const healthy = await run(image.healthcheck, serving).done;
    expect(healthy.code, healthy.stderr).toBe(0);

    const line =
      start
        .stderr()
        .split("\n")
        .find((entry) => entry.includes('"docent is running"')) ?? "{}";
    const { slackPort } = JSON.parse(line) as { slackPort: number };
    const ack = await sendEvent(slackPort, {
      type: "app_mention",
      channel: "C0PUBLIC",
      user: "U0ASKER",
      text: "<@UBOT> What is the address of the Halifax office?",
      ts: "1700000009.000100",
    });
    expect(ack.status).toBe(200);
    await waitFor(
      () => JSON.stringify(fake?.callsOf() ?? []).includes("public/offices-and-hours.md"),
      30_000,
    );

    start.child.kill("SIGTERM");
    const stopped = await start.done;
    expect(stopped.code, stopped.stderr).toBe(0);
    const unhealthy = await run(image.healthcheck, serving).done;
    expect(unhealthy.code, "the HEALTHCHECK fails when nothing serves /healthz").toBe(1);
    console.log(
      `container commands: ${[...image.entrypoint, "ingest"].join(" ")} -> 0; ${[...image.entrypoint, ...image.cmd].join(" ")} ` +
        `served Slack; HEALTHCHECK -> 0 while running, 1 after SIGTERM (run as ${unprivileged ? "uid 65534" : "this user"})`,
    );
  }, 180_000);
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
