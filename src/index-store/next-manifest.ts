import type { GenerationDraft } from "./index-store.js";
import { type FileEntry, type Manifest, manifestFormatVersion } from "./manifest.js";

/**
 * The manifest of the generation a draft makes: the previous generation's files minus the replaced ones, plus
 * the files split in this run; counts and scopes follow from the files. `labels` is the file store's slot count
 * (the pgvector store has no slots and passes the chunk count).
 */
export function buildNextManifest(draft: GenerationDraft, labels?: number): Manifest {
  const files = describeFiles(draft);
  const entries = Object.values(files);
  const chunks = entries.reduce((sum, entry) => sum + entry.chunks, 0);
  const scopes: Record<string, number> = {};
  for (const entry of entries) scopes[entry.scope] = (scopes[entry.scope] ?? 0) + entry.chunks;
  return {
    formatVersion: manifestFormatVersion,
    generation: draft.name,
    createdAt: new Date().toISOString(),
    embedder: { id: draft.embedderId, dimensions: draft.dimensions },
    chunking: draft.chunking,
    counts: { documents: entries.length, chunks, labels: labels ?? chunks },
    scopes: Object.fromEntries(Object.entries(scopes).sort(([a], [b]) => (a < b ? -1 : 1))),
    files,
    lastRun: draft.run,
    docsDir: draft.docsDir,
    ...(draft.sourceStates === undefined || Object.keys(draft.sourceStates).length === 0
      ? {}
      : { sourceStates: draft.sourceStates }),
  };
}

function describeFiles(draft: GenerationDraft): Record<string, FileEntry> {
  const files: Record<string, FileEntry> = {};
  for (const [source, entry] of Object.entries(draft.previous?.files ?? {})) {
    if (!draft.replacedSources.has(source)) files[source] = entry;
  }
  for (const { file, title, chunks } of draft.split) {
    files[file.source] = {
      hash: file.hash,
      bytes: file.bytes,
      scope: file.scope,
      title,
      chunks: chunks.length,
      ...(file.sourceName === undefined ? {} : { sourceName: file.sourceName }),
      ...(file.url === undefined ? {} : { url: file.url }),
    };
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}
