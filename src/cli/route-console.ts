import { format } from "node:util";
import type { Logger } from "../logging/logger.js";

/**
 * Some libraries print to the console: the Ollama client writes "Getting text from response" to standard output
 * when a server answers with an error page. Standard output belongs to the command's results (`--json` readers), so
 * console output goes to the log instead: console.log/info/debug at debug level, console.warn/error as warnings.
 */
export function routeConsoleToLogger(logger: Logger): void {
  const toDebug = (...parts: unknown[]) => logger.debug({}, format(...parts));
  const toWarning = (...parts: unknown[]) => logger.warn({}, format(...parts));
  console.log = toDebug;
  console.info = toDebug;
  console.debug = toDebug;
  console.warn = toWarning;
  console.error = toWarning;
}
