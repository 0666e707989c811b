import pg from "pg";
import { DocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";

/**
 * One connection pool to PostgreSQL per process. Connections that die (a database restart) are replaced on the
 * next query; a query that fails because the database is away becomes DATABASE_UNAVAILABLE (retryable), so the
 * user gets a friendly sentence and the process keeps running.
 */
export interface Database {
  readonly pool: pg.Pool;
  /** `"schema"."name"`: every table lives in the configured schema. */
  table(name: string): string;
  readonly schema: string;
  /** Runs a query, turning connection failures into DATABASE_UNAVAILABLE. */
  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<Row>>;
  /** Runs `work` in one transaction on one connection (rolled back when it throws). */
  transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url: string;
  schema: string;
  logger: Logger;
  /** Connections kept at most; default 10. */
  maxConnections?: number;
  /** Settings for every session, as `-c name=value` startup options. */
  sessionSettings?: Record<string, string>;
}

export function connectDatabase(options: DatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: "docent",
    options: Object.entries(options.sessionSettings ?? {})
      .map(([name, value]) => `-c ${name}=${value}`)
      .join(" "),
  });
  // An idle connection the server dropped (a restart) is reported here; without a listener it would crash the process.
  pool.on("error", (error) =>
    options.logger.warn({ err: describeFailure(error) }, "database connection lost"),
  );
  const quotedSchema = `"${options.schema}"`;
  const where = describeLocation(options.url);

  async function query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]) {
    try {
      return await pool.query<Row>(text, values);
    } catch (error) {
      throw asDatabaseError(error, where);
    }
  }

  return {
    pool,
    schema: options.schema,
    table: (name) => `${quotedSchema}."${name}"`,
    query,
    async transaction(work) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw asDatabaseError(error, where);
      }
      try {
        await client.query("BEGIN");
        const result = await work(client);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw asDatabaseError(error, where);
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** host:port/database of a URL, never its password. */
export function describeLocation(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "the configured database";
  }
}

const connectionFailureCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE"]);

/** What an operator must fix, by PostgreSQL error code: a wrong DATABASE_URL or a missing pgvector. */
const configurationProblems: Record<string, string> = {
  "28P01": "the password in DATABASE_URL was refused",
  "28000": "the role in DATABASE_URL may not log in",
  "3D000": "the database named in DATABASE_URL does not exist",
  "42501":
    "docent's role lacks a privilege it needs (to create its schema, or the vector extension: run `CREATE EXTENSION vector;` once as a superuser)",
  "58P01":
    "the pgvector extension is not installed on the PostgreSQL server (https://github.com/pgvector/pgvector)",
  "0A000": "the pgvector extension is not available on the PostgreSQL server",
};

/**
 * Connection failures and server shutdowns become DATABASE_UNAVAILABLE (retryable); a wrong DATABASE_URL or a
 * missing pgvector becomes CONFIG_INVALID saying what to fix; other errors pass unchanged.
 */
export function asDatabaseError(error: unknown, where: string): unknown {
  if (error instanceof DocentError) return error;
  const code = (error as { code?: string }).code ?? "";
  const message = error instanceof Error ? error.message : String(error);
  const problem = configurationProblems[code];
  if (problem !== undefined) {
    return new DocentError("CONFIG_INVALID", `PostgreSQL at ${where}: ${problem} (${message})`, {
      cause: error,
    });
  }
  const unavailable =
    connectionFailureCodes.has(code) ||
    // Connection exceptions, but not 08P01 (protocol violation: a bug in what was sent, which no retry mends).
    (code.startsWith("08") && code !== "08P01") ||
    code === "57P01" || // admin shutdown
    code === "57P02" ||
    code === "57P03" || // cannot connect now (starting up)
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      message,
    );
  if (!unavailable) return error;
  return new DocentError("DATABASE_UNAVAILABLE", `PostgreSQL at ${where} is not reachable (${message})`, {
    cause: error,
    retryable: true,
  });
}

function describeFailure(error: Error): { message: string; code?: string } {
  return { message: error.message, code: (error as { code?: string }).code };
}
