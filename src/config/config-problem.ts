import { DocentError } from "../errors.js";

/**
 * The error for settings to fix, the one shape every configuration rule throws (the core's, and each chat
 * platform's): CONFIG_INVALID, "Invalid configuration. " and a sentence that names the variable to set or fix.
 */
export function configProblem(sentence: string, options: { cause?: unknown } = {}): DocentError {
  return new DocentError("CONFIG_INVALID", `Invalid configuration. ${sentence}`, options);
}
