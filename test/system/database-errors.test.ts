import path from "node:path";
import { describe, expect, it } from "vitest";
import { postgresSkipReason, useTemporaryPostgres } from "../helpers/postgres-server.js";
import { projectRoot, runDocent } from "../helpers/run-docent.js";

const server = useTemporaryPostgres();

describe.skipIf(postgresSkipReason !== undefined)("a DATABASE_URL that cannot work", () => {
  it("names what to fix (a database that does not exist), without the password, and changes nothing", async () => {
    const url = new URL(server().url);
    url.pathname = "/no_such_database";
    url.password = "secret-password-123";
    const run = await runDocent(["ingest"], {
      env: {
        VECTOR_STORE: "pgvector",
        DATABASE_URL: url.toString(),
        DOCENT_DOCS_DIR: path.join(projectRoot, "data/docs"),
      },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("the database named in DATABASE_URL does not exist");
    expect(run.stderr).not.toContain("secret-password-123");
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace for an operator's mistake
  });
});
