import { DocentError } from "../src/errors.js";

/** The error of an ingest stopped by its signal (a cancel, a shutdown): every stage reports it the same way. */
export function ingestCancelled(): DocentError {
  return new DocentError("CANCELLED", "The ingest was cancelled; the current index is unchanged.");
}
