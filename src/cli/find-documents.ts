import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { supportedExtensions } from "../../ingest/load-document.js";
import { DocentError } from "../errors.js";

/** ".md, .markdown, .txt, .html, .htm, .pdf and .docx" */
export const documentExtensions = (() => {
  const all = [...supportedExtensions];
  return `${all.slice(0, -1).join(", ")} and ${all.at(-1)}`;
})();

/**
 * Before an ingest: stops with a sentence when the documents folder holds no document at all (a wrong folder, a
 * volume that was not mounted), instead of indexing nothing and reporting success. It looks only until it finds
 * the first document, so a real folder costs little.
 */
export async function checkForDocuments(docsDir: string): Promise<void> {
  const others: string[] = [];
  if (await containsDocument(docsDir, "", others, new Set())) return;
  const found =
    others.length === 0
      ? "the folder is empty"
      : `it holds ${others.length} file${others.length === 1 ? "" : "s"}, none of them a document ` +
        `(${others.slice(0, 10).join(", ")}${others.length > 10 ? ", ..." : ""})`;
  throw new DocentError(
    "DOCS_NOT_FOUND",
    `no documents to index in ${docsDir}: ${found}. docent reads ${documentExtensions} files; put yours there ` +
      "(each first-level folder is a scope) or point --docs or DOCENT_DOCS_DIR at your folder. The index is left as it was.",
  );
}

async function containsDocument(
  folder: string,
  relative: string,
  others: string[],
  visited: Set<string>,
): Promise<boolean> {
  const real = await realpath(folder).catch(() => folder);
  if (visited.has(real)) return false;
  visited.add(real);
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names.sort()) {
    if (name.startsWith(".")) continue;
    const entry = path.join(folder, name);
    const source = relative ? `${relative}/${name}` : name;
    const found = await stat(entry).catch(() => null);
    if (found?.isDirectory()) {
      if (await containsDocument(entry, source, others, visited)) return true;
    } else if (supportedExtensions.has(path.extname(name).toLowerCase())) {
      return true;
    } else others.push(source);
  }
  return false;
}
