import { constants } from "node:buffer";
import { rejectFile } from "./reject-file.js";

const binaryProbeLength = 8 * 1024;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Decodes a text file strictly as UTF-8 (a leading BOM is dropped) with Unix line endings. A NUL byte in the first
 * 8 KB means the file is binary whatever its extension says; invalid UTF-8 is rejected rather than guessed at, and
 * text longer than a JavaScript string can be (about 512 million characters) is rejected saying so.
 */
export function decodeText(bytes: Uint8Array): string {
  const probeEnd = Math.min(bytes.length, binaryProbeLength);
  for (let index = 0; index < probeEnd; index++) {
    if (bytes[index] === 0) throw rejectFile("binary content in a text file");
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (error) {
    if ((error as { code?: unknown }).code === "ERR_STRING_TOO_LONG") {
      throw rejectFile(
        `the text is too long for one string in JavaScript (at most ${constants.MAX_STRING_LENGTH.toLocaleString("en-US")} characters): split the file`,
        error,
      );
    }
    throw rejectFile("invalid UTF-8 text (save the file as UTF-8)", error);
  }
  return text.replace(/\r\n?/g, "\n");
}
