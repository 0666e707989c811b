import { type Config, type ConfigOverrides, loadConfig } from "../config/config.js";
import { createLogger, type Logger } from "../logging/logger.js";

/** What every command needs: the configuration (flags win over the environment) and a logger. */
export interface CliContext {
  config: Readonly<Config>;
  logger: Logger;
}

export function createCliContext(overrides: ConfigOverrides): CliContext {
  const config = loadConfig({ overrides: withoutUndefined(overrides) });
  return { config, logger: createLogger({ level: config.logLevel }) };
}

function withoutUndefined(overrides: ConfigOverrides): ConfigOverrides {
  return Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
}
