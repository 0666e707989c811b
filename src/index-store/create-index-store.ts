import type { Config } from "../config/config.js";
import type { Logger } from "../logging/logger.js";
import { createFileIndexStore } from "./files/file-index-store.js";
import type { IndexStore } from "./index-store.js";

/** The index store the configuration names: local files (the default) or PostgreSQL with pgvector. */
export async function createIndexStore(config: Readonly<Config>, logger: Logger): Promise<IndexStore> {
  const { vectorStore, databaseUrl, databaseSchema } = config.storage;
  if (vectorStore === "hnswlib") return createFileIndexStore(config.indexDir);
  const { createPgvectorIndexStore } = await import("./pgvector/pgvector-index-store.js");
  return createPgvectorIndexStore({ url: databaseUrl as string, schema: databaseSchema, logger });
}
