import type { drive_v3 } from "@googleapis/drive";
import { DocentError } from "../../errors.js";
import type { SourceDocument } from "../document-source.js";
import { csvToMarkdownTable } from "./csv-table.js";
import { type DriveHints, driveFailure, malformedReply } from "./drive-failure.js";
import { driveReadOf, mimeTypeOfVersion } from "./drive-file-kinds.js";

/**
 * One listed file's bytes: a Google Doc exported as HTML, a Sheet's CSV export as a Markdown table, Slides as text,
 * any other file (PDF, Word, Markdown, text, HTML) downloaded as it is (alt=media).
 */
export async function readDriveFile(
  client: drive_v3.Drive,
  document: SourceDocument,
  hints: Omit<DriveHints, "what">,
  signal?: AbortSignal,
): Promise<Buffer> {
  const fileHints = { ...hints, what: `the file ${document.title ?? document.id} (${document.id})` };
  const read = driveReadOf(mimeTypeOfVersion(document.version));
  if (read === undefined) {
    throw new DocentError("SOURCE_UNAVAILABLE", `The ${hints.source} source does not read ${fileHints.what}`);
  }
  const options = { responseType: "arraybuffer" as const, signal };
  let reply: { data: unknown; url?: string };
  try {
    reply =
      read.how === "export"
        ? await client.files.export({ fileId: document.id, mimeType: read.exportAs }, options)
        : await client.files.get({ fileId: document.id, alt: "media", supportsAllDrives: true }, options);
  } catch (error) {
    throw driveFailure(error, fileHints);
  }
  if (!(reply.data instanceof ArrayBuffer)) throw malformedReply(fileHints, reply.url);
  const bytes = Buffer.from(reply.data);
  return read.how === "export" && read.table === true
    ? Buffer.from(csvToMarkdownTable(bytes.toString("utf8")))
    : bytes;
}
