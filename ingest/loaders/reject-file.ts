import { DocentError } from "../../src/errors.js";

/** The error every loader throws for a file it cannot read; the reason is a short sentence for the log. */
export function rejectFile(reason: string, cause?: unknown): DocentError {
  return new DocentError("FILE_REJECTED", reason, cause === undefined ? {} : { cause });
}
