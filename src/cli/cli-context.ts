import { type Config, type ConfigOverrides, loadConfig } from "../config/config.js";
import { createLogger, type Logger } from "../logging/logger.js";

/** What every command needs: the configuration (flags win over the environment) and a logger. */
export interface CliContext {
  config: Readonly<Config>;
  logger: Logger;
}

/** Commands log warnings and errors only, unless LOG_LEVEL says otherwise; `docent start` logs at info. */
export function createCliContext(overrides: ConfigOverrides, defaultLogLevel = "warn"): CliContext {
  const config = loadConfig({
    overrides: withoutUndefined(overrides),
    defaults: { LOG_LEVEL: defaultLogLevel },
  });
  return { config, logger: createLogger({ level: config.logLevel }) };
}

function withoutUndefined(overrides: ConfigOverrides): ConfigOverrides {
  return Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
}
