import { hashBytes } from "../../documents/content-hash.js";
import { DocentError } from "../../errors.js";
import type { DocumentSource, SourceDocument, SourceListing, SourceProblem } from "../document-source.js";
import { documentExtensionList, mediaTypeOfPath } from "../media-types.js";
import { readBounded } from "./read-file.js";
import { resolveFolder, walkFolder } from "./walk-folder.js";

/** The name of the source for DOCENT_DOCS_DIR (or --docs): the documents folder. */
export const documentsFolderName = "documents";

/** The name of the source an indexed document came from (the documents folder's, for indexes from before names). */
export function sourceNameOf(entry: { sourceName?: string | undefined }): string {
  return entry.sourceName ?? documentsFolderName;
}

export interface FolderSourceOptions {
  /** The source's name ("documents" for DOCENT_DOCS_DIR). */
  name: string;
  folder: string;
  /** DOCENT_MAX_FILE_MB in bytes: larger files are reported, never read. */
  maxFileBytes: number;
  /** Document keys start with it ("" for the documents folder). */
  keyPrefix?: string;
  /** The scope of everything in it; without it, each first-level folder is a scope. */
  scope?: string;
  /** Where the folder setting came from, for the sentence when it does not exist ("the folder the index was built from"). */
  describedAs?: string;
}

/**
 * A folder of document files: the first kind of source. Each first-level folder is a scope ("hr/leave.md" is in
 * scope hr; files in the root are public). Listing walks the folder once, reads every document file (within the
 * size limit) and versions it by the hash of its bytes, so that a file touched but not changed is not loaded again;
 * reading a listed document returns the bytes read while listing. A folder that does not exist, is a file, or
 * holds no document at all is refused with one sentence each.
 */
export function createFolderSource(options: FolderSourceOptions): DocumentSource {
  const contents = new Map<string, Buffer>();
  // The folder's real path as this run's check resolved it, handed to the walk once: a run resolves it once.
  let checked: string | undefined;
  return {
    name: options.name,
    kind: "folder",
    location: `the folder ${options.folder}`,
    keyPrefix: options.keyPrefix ?? "",
    async check(): Promise<void> {
      checked = await resolveFolder(options.folder, options.describedAs);
    },
    async list(): Promise<SourceListing> {
      // A folder is read whole each time: its files' hashes are its versions, and there is nothing to carry over.
      contents.clear();
      const resolved = checked;
      checked = undefined;
      const walked = await walkFolder(options.folder, options, resolved);
      const documents: SourceDocument[] = [];
      const failed: SourceProblem[] = [...walked.failed];
      for (const file of walked.files) {
        const read = await readFile(file.absolutePath, options.maxFileBytes);
        if (typeof read === "string") {
          failed.push({ id: file.source, reason: read });
          continue;
        }
        const mediaType = mediaTypeOfPath(file.source);
        if (mediaType === undefined) continue;
        contents.set(file.source, read);
        documents.push({
          id: file.source,
          scope: options.scope ?? file.scope,
          version: hashBytes(read),
          mediaType,
        });
      }
      if (documents.length === 0 && failed.length === 0) throw noDocuments(options.folder, walked.skipped);
      return { documents, skipped: walked.skipped, failed };
    },
    async read(document: SourceDocument): Promise<Buffer> {
      const bytes = contents.get(document.id);
      if (bytes === undefined) throw new Error("the file was not listed in this run");
      return bytes;
    },
  };
}

async function readFile(absolutePath: string, maxBytes: number): Promise<Buffer | string> {
  try {
    return await readBounded(absolutePath, maxBytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "EACCES" || code === "EPERM" ? "permission denied" : (code ?? String(error));
    return `cannot be read: ${reason}`;
  }
}

/**
 * Stops a run with a sentence when the folder holds no document at all (a wrong folder, a volume that was not
 * mounted), instead of indexing nothing and reporting success.
 */
function noDocuments(folder: string, others: readonly string[]): DocentError {
  const found =
    others.length === 0
      ? "the folder is empty"
      : `it holds ${others.length} file${others.length === 1 ? "" : "s"}, none of them a document ` +
        `(${others.slice(0, 10).join(", ")}${others.length > 10 ? ", ..." : ""})`;
  return new DocentError(
    "DOCS_NOT_FOUND",
    `no documents to index in ${folder}: ${found}. docent reads ${documentExtensionList} files; put yours there ` +
      "(each first-level folder is a scope) or point --docs or DOCENT_DOCS_DIR at your folder. The index is left as it was.",
  );
}

/** The documents folder (DOCENT_DOCS_DIR or --docs) as a source: its keys are its relative paths. */
export function documentsFolder(folder: string, maxFileBytes: number): DocumentSource {
  return createFolderSource({ name: documentsFolderName, folder, maxFileBytes });
}
