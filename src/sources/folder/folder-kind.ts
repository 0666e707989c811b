import { z } from "zod";
import type { SourceKind } from "../source-kind.js";
import { createFolderSource } from "./folder-source.js";

const settings = z.strictObject({
  /** The folder; relative paths are read from the working directory, as DOCENT_DOCS_DIR is. */
  path: z.string().min(1, "the path of a folder"),
});

/**
 * A folder named in the sources file: read as DOCENT_DOCS_DIR's folder is (each first-level folder a scope), or
 * everything in one scope when the entry gives `scope`. Its documents' keys start with the source's name.
 */
export const folderSource: SourceKind<z.infer<typeof settings>> = {
  type: "folder",
  settings,
  credentials: [],
  create(entry, context) {
    const scope = context.scopeOf();
    return createFolderSource({
      name: entry.name,
      folder: entry.settings.path,
      maxFileBytes: context.maxDocumentBytes,
      keyPrefix: `${entry.name}/`,
      ...(scope === null ? {} : { scope }),
    });
  },
};
