import { DocentError } from "../../src/errors.js";

/** The error every loader throws for a file it cannot read; the reason is a short sentence for the log. */
export function rejectFile(reason: string, cause?: unknown): DocentError {
  return new DocentError("FILE_REJECTED", reason, cause === undefined ? {} : { cause });
}

/**
 * Thrown for a file that is readable but holds nothing to index once its metadata and template syntax are gone
 * (a redirect stub: front matter only). It is skipped, not reported as a failure.
 */
export class FileWithoutContent extends DocentError {
  constructor() {
    super("FILE_REJECTED", "no content");
  }
}
