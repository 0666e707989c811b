import { type Config, type ConfigOverrides, loadConfig } from "../config/config.js";
import { createEmbedder } from "../embeddings/create-embedder.js";
import type { Embedder } from "../embeddings/embedder.js";
import { createLogger, type Logger } from "../logging/logger.js";

/** What every command needs: the configuration (flags win over the environment), a logger, an embedder. */
export interface CliContext {
  config: Readonly<Config>;
  logger: Logger;
  embedder(): Promise<Embedder>;
}

export function createCliContext(overrides: ConfigOverrides): CliContext {
  const config = loadConfig({ overrides: withoutUndefined(overrides) });
  const logger = createLogger({ level: config.logLevel });
  let embedder: Promise<Embedder> | undefined;
  return {
    config,
    logger,
    embedder: () => {
      embedder ??= createEmbedder(config.embeddings, logger);
      return embedder;
    },
  };
}

function withoutUndefined(overrides: ConfigOverrides): ConfigOverrides {
  return Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
}
