import { constants } from "node:fs";
import { access, lstat, readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { describeSizeLimit } from "../../documents/file-size.js";
import { normaliseScopeName } from "../../documents/scope-name.js";
import { DocentError } from "../../errors.js";
import type { SourceProblem } from "../document-source.js";
import { documentExtensions } from "../media-types.js";

/** A file found under the docs root that the loaders may read. */
export interface DocumentFile {
  /** Path relative to the docs root, forward slashes. */
  source: string;
  /** Absolute path to read from (a symlink's target for links inside the root). */
  absolutePath: string;
  /** The scope of the file's real path: a link in public/ to a file in hr/ is in scope hr. */
  scope: string;
  bytes: number;
}

export interface DocumentFileListing {
  files: DocumentFile[];
  /** Files that exist but are not documents (unsupported extension, hidden): counted, not errors. */
  skipped: string[];
  /** Files (and folders) that should have been read but cannot be: reported with a reason. */
  failed: SourceProblem[];
}

export interface ListOptions {
  maxFileBytes: number;
  /** Says where the folder setting came from, in the sentence for a folder that does not exist. */
  describedAs?: string;
}

/**
 * The scope of a document is the first folder under the docs root, in NFC (scope-name.ts); files in the root
 * itself are "public".
 */
export function scopeOfSource(source: string): string {
  const slash = source.indexOf("/");
  return slash === -1 ? "public" : normaliseScopeName(source.slice(0, slash));
}

/**
 * Walks the docs root. Symlinks are followed only when their target stays inside the root; loops are detected by
 * real path; a file's scope comes from its real path, never from the path of a link to it. Names that are not
 * valid UTF-8 are reported (their path cannot be written as text). Nothing here reads file contents.
 * `resolved` is the root's real path when the caller has it from resolveFolder already (the folder source's check,
 * earlier in the same run); otherwise the walk resolves it.
 */
export async function walkFolder(
  docsDir: string,
  options: ListOptions,
  resolved?: string,
): Promise<DocumentFileListing> {
  const { root, entries } = await listRoot(docsDir, options.describedAs, resolved);
  const listing: DocumentFileListing = { files: [], skipped: [], failed: [] };
  await walkEntries(root, root, "", entries, new Set([root]), options, listing);
  listing.files.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return listing;
}

/**
 * The root's real path and its entries. A root resolved earlier in the run that cannot be listed now (removed or
 * replaced since) is resolved again: the walk reads the folder that is there now, or fails with the sentence for
 * what is there, so that the source's documents are kept rather than listed as gone.
 */
async function listRoot(
  docsDir: string,
  describedAs: string | undefined,
  resolved: string | undefined,
): Promise<{ root: string; entries: Buffer[] }> {
  if (resolved !== undefined) {
    const entries = await readEntries(resolved).catch(() => null);
    if (entries !== null) return { root: resolved, entries };
  }
  const root = await resolveFolder(docsDir, describedAs);
  const entries = await readEntries(root).catch((error: unknown) => {
    const { named, fix } = folderWords(docsDir, describedAs);
    throw new DocentError("DOCS_NOT_FOUND", `${named} cannot be listed (${describe(error)}). ${fix}`, {
      cause: error,
    });
  });
  return { root, entries };
}

/** How the sentences about the folder name it, and the fix they end with. */
function folderWords(docsDir: string, describedAs: string | undefined) {
  return {
    named: `the documents folder ${docsDir}${describedAs === undefined ? "" : ` (${describedAs})`}`,
    fix: `Point --docs or DOCENT_DOCS_DIR at the folder that holds your documents${describedAs === undefined ? "" : " and add --rebuild"}.`,
  };
}

/** The folder's real path, or one sentence: it does not exist, it is a file, or it cannot be read. */
export async function resolveFolder(docsDir: string, describedAs: string | undefined): Promise<string> {
  const { named, fix } = folderWords(docsDir, describedAs);
  let root: string;
  try {
    root = await realpath(docsDir);
  } catch (error) {
    throw new DocentError("DOCS_NOT_FOUND", `${named} does not exist. ${fix}`, { cause: error });
  }
  if (!(await stat(root)).isDirectory()) {
    throw new DocentError(
      "DOCS_NOT_FOUND",
      `${docsDir} is a file, not a folder. Point --docs or DOCENT_DOCS_DIR at the folder that holds your documents (each first-level folder in it is a scope).`,
    );
  }
  try {
    await access(root, constants.R_OK | constants.X_OK);
  } catch (error) {
    throw new DocentError("DOCS_NOT_FOUND", `${named} cannot be read (permission denied). ${fix}`, {
      cause: error,
    });
  }
  return root;
}

/** A folder's entries as raw names, in byte order. */
async function readEntries(folder: string): Promise<Buffer[]> {
  return (await readdir(folder, { encoding: "buffer" })).sort(Buffer.compare);
}

async function walkInside(
  root: string,
  folder: string,
  relativeFolder: string,
  visited: Set<string>,
  options: ListOptions,
  listing: DocumentFileListing,
): Promise<void> {
  let entries: Buffer[];
  try {
    entries = await readEntries(folder);
  } catch (error) {
    listing.failed.push({
      id: relativeFolder,
      reason: `folder cannot be read (${describe(error)}); the documents indexed from it are kept as they were`,
      folder: true,
    });
    return;
  }
  await walkEntries(root, folder, relativeFolder, entries, visited, options, listing);
}

async function walkEntries(
  root: string,
  folder: string,
  relativeFolder: string,
  entries: readonly Buffer[],
  visited: Set<string>,
  options: ListOptions,
  listing: DocumentFileListing,
): Promise<void> {
  for (const rawName of entries) {
    const name = rawName.toString("utf8");
    const source = relativeFolder ? `${relativeFolder}/${name}` : name;
    if (name.startsWith(".")) {
      listing.skipped.push(source);
      continue;
    }
    if (!Buffer.from(name).equals(rawName)) {
      listing.failed.push({ id: source, reason: await describeUndecodableName(folder, rawName) });
      continue;
    }
    const entryPath = path.join(folder, name);
    const resolved = await resolveEntry(root, entryPath, source, listing);
    if (resolved === null) continue;
    if (resolved.isDirectory) {
      if (visited.has(resolved.realPath)) {
        listing.failed.push({
          id: source,
          reason: "symlink loop (this folder is already being read): not followed",
          folder: true,
        });
        continue;
      }
      const inner = new Set(visited).add(resolved.realPath);
      await walkInside(root, resolved.realPath, source, inner, options, listing);
      continue;
    }
    if (!documentExtensions.has(path.extname(name).toLowerCase())) {
      listing.skipped.push(source);
      continue;
    }
    if (resolved.bytes > options.maxFileBytes) {
      listing.failed.push({ id: source, reason: describeSizeLimit(options.maxFileBytes) });
      continue;
    }
    const realSource = path.relative(root, resolved.realPath).split(path.sep).join("/");
    listing.files.push({
      source,
      absolutePath: resolved.realPath,
      scope: scopeOfSource(realSource),
      bytes: resolved.bytes,
    });
  }
}

interface ResolvedEntry {
  realPath: string;
  isDirectory: boolean;
  bytes: number;
}

async function resolveEntry(
  root: string,
  entryPath: string,
  source: string,
  listing: DocumentFileListing,
): Promise<ResolvedEntry | null> {
  try {
    const link = await lstat(entryPath);
    let realPath = entryPath;
    if (link.isSymbolicLink()) {
      realPath = await realpath(entryPath);
      if (realPath !== root && !realPath.startsWith(root + path.sep)) {
        // It may lead to a folder: what was indexed through it while it led inside stays, as a file's would.
        listing.failed.push({
          id: source,
          reason: "symlink points outside the docs folder: not followed",
          folder: true,
        });
        return null;
      }
    }
    const target = await stat(realPath);
    if (!target.isDirectory() && !target.isFile()) {
      listing.failed.push({ id: source, reason: "not a regular file" });
      return null;
    }
    return { realPath, isDirectory: target.isDirectory(), bytes: target.size };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ELOOP"
        ? "symlink loop: not followed"
        : code === "ENOENT"
          ? "broken symlink (its target does not exist)"
          : `cannot be read: ${describe(error)}`;
    // What cannot be looked at may be a folder: everything indexed under it stays, as a file that fails keeps its own.
    listing.failed.push({ id: source, reason, folder: true });
    return null;
  }
}

/** Why a name that is not UTF-8 is not indexed: a document's path is text in the index and in citations. */
async function describeUndecodableName(folder: string, rawName: Buffer): Promise<string> {
  const entry = Buffer.concat([Buffer.from(`${folder}${path.sep}`), rawName]);
  const isFolder = await lstat(entry).then(
    (status) => status.isDirectory(),
    () => false,
  );
  return isFolder
    ? "the folder name is not valid UTF-8: rename it to index its files"
    : "the file name is not valid UTF-8: rename it to index it";
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return code ?? (error instanceof Error ? error.message : String(error));
}
