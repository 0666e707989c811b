import { afterAll, beforeAll } from "vitest";
import { createPgvectorIndexStore } from "../../src/database/pgvector-index-store.js";
import { silentLogger } from "../../src/logging/logger.js";
import { type PostgresServer, postgresSkipReason, startPostgres } from "../helpers/postgres-server.js";
import { describeIndexStoreContract } from "../index-store/index-store-contract.js";

let server: PostgresServer | undefined;
let stores = 0;

beforeAll(async () => {
  if (postgresSkipReason === undefined) server = await startPostgres();
}, 60_000);
afterAll(async () => {
  await server?.destroy();
});

if (postgresSkipReason !== undefined) console.warn(`pgvector store tests skipped: ${postgresSkipReason}`);

// Each test gets a schema of its own in the same database.
describeIndexStoreContract(
  "PostgreSQL (pgvector + full-text search)",
  async () =>
    createPgvectorIndexStore({
      url: (server as PostgresServer).url,
      schema: `contract_${++stores}`,
      logger: silentLogger,
    }),
  postgresSkipReason,
);
