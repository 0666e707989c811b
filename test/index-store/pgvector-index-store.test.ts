import { createPgvectorIndexStore } from "../../src/index-store/pgvector/pgvector-index-store.js";
import { silentLogger } from "../../src/logging/logger.js";
import { postgresSkipReason, useTemporaryPostgres } from "../helpers/postgres-server.js";
import { describeIndexStoreContract } from "./index-store-contract.js";

let stores = 0;

const server = useTemporaryPostgres();

if (postgresSkipReason !== undefined) console.warn(`pgvector store tests skipped: ${postgresSkipReason}`);

// Each test gets a schema of its own in the same database.
describeIndexStoreContract(
  "PostgreSQL (pgvector + full-text search)",
  async () =>
    createPgvectorIndexStore({
      url: server().url,
      schema: `contract_${++stores}`,
      logger: silentLogger,
    }),
  postgresSkipReason,
);
