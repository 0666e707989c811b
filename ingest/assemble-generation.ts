import type { Chunk } from "../src/documents/chunk.js";
import { type IndexedChunk, readChunks } from "../src/index-store/generation-store.js";
import { generationFiles } from "../src/index-store/index-paths.js";
import type { FileEntry, Manifest, RunSummary } from "../src/index-store/manifest.js";
import { manifestFormatVersion } from "../src/index-store/manifest.js";
import { VectorIndex } from "../src/index-store/vector-index.js";
import { chunkIndexText } from "../src/retrieval/index-text.js";
import { KeywordIndex } from "../src/retrieval/keyword-index.js";
import type { SplitFile } from "./load-and-split.js";

export interface PreviousGeneration {
  folder: string;
  manifest: Manifest;
}

export interface AssemblyInput {
  name: string;
  previous: PreviousGeneration | null;
  /** Sources whose previous chunks go: deleted files and files re-split in this run. */
  replacedSources: ReadonlySet<string>;
  split: readonly SplitFile[];
  /** One vector per new chunk, in the order of split.flatMap((file) => file.chunks). */
  vectors: readonly number[][];
  embedderId: string;
  dimensions: number;
  chunking: Manifest["chunking"];
  run: RunSummary;
}

/**
 * Builds the next generation from the previous one: unchanged chunks keep their vectors and their slots in the
 * graph, replaced chunks are marked deleted and their slots re-used by the new chunks. The keyword index is
 * rebuilt over all chunks, since BM25 statistics are corpus-wide.
 */
export async function assembleGeneration(input: AssemblyInput) {
  const { previous } = input;
  const previousChunks = previous ? await readChunks(generationFiles(previous.folder).chunks) : [];
  const kept = previousChunks.filter((chunk) => !input.replacedSources.has(chunk.source));
  const replacedLabels = previousChunks
    .filter((chunk) => input.replacedSources.has(chunk.source))
    .map((chunk) => chunk.label);
  const newChunks = input.split.flatMap((file) => file.chunks);
  let nextLabel = previous?.manifest.counts.labels ?? 0;
  const freeLabels = unusedLabels(nextLabel, kept);

  const vectors = previous
    ? await VectorIndex.load(generationFiles(previous.folder).vectors, input.dimensions)
    : VectorIndex.create(input.dimensions, newChunks.length);
  for (const label of replacedLabels) vectors.remove(label);
  const added: IndexedChunk[] = newChunks.map((chunk, position) => {
    const label = freeLabels.pop() ?? nextLabel++;
    vectors.add(label, input.vectors[position] as number[]);
    return { ...chunk, label };
  });

  const chunks = [...kept, ...added].sort(compareChunks);
  const keywords = KeywordIndex.build(
    chunks.map((chunk) => ({ label: chunk.label, text: chunkIndexText(chunk) })),
  );
  const manifest: Manifest = {
    formatVersion: manifestFormatVersion,
    generation: input.name,
    createdAt: new Date().toISOString(),
    embedder: { id: input.embedderId, dimensions: input.dimensions },
    chunking: input.chunking,
    counts: { documents: 0, chunks: chunks.length, labels: nextLabel },
    scopes: countScopes(chunks),
    files: describeFiles(previous?.manifest ?? null, input.replacedSources, input.split),
    lastRun: input.run,
  };
  manifest.counts.documents = Object.keys(manifest.files).length;
  return { manifest, chunks, vectors, keywords };
}

/** Labels below `count` that no kept chunk uses (deleted slots), highest first so pop() takes the lowest. */
function unusedLabels(count: number, kept: readonly IndexedChunk[]): number[] {
  const used = new Uint8Array(count);
  for (const chunk of kept) used[chunk.label] = 1;
  const free: number[] = [];
  for (let label = count - 1; label >= 0; label--) if (used[label] === 0) free.push(label);
  return free;
}

function describeFiles(
  previous: Manifest | null,
  replaced: ReadonlySet<string>,
  split: readonly SplitFile[],
): Record<string, FileEntry> {
  const files: Record<string, FileEntry> = {};
  for (const [source, entry] of Object.entries(previous?.files ?? {})) {
    if (!replaced.has(source)) files[source] = entry;
  }
  for (const { file, title, chunks } of split) {
    files[file.source] = {
      hash: file.hash,
      bytes: file.bytes,
      scope: file.scope,
      title,
      chunks: chunks.length,
    };
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function countScopes(chunks: readonly Chunk[]): Record<string, number> {
  const scopes: Record<string, number> = {};
  for (const chunk of chunks) scopes[chunk.scope] = (scopes[chunk.scope] ?? 0) + 1;
  return scopes;
}

function compareChunks(a: Chunk, b: Chunk): number {
  return a.source < b.source ? -1 : a.source > b.source ? 1 : a.position - b.position;
}
