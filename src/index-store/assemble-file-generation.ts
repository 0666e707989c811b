import type { Chunk } from "../documents/chunk.js";
import { chunkIndexText } from "../retrieval/index-text.js";
import { KeywordIndex } from "../retrieval/keyword-index.js";
import { VectorIndex } from "../retrieval/vector-index.js";
import { tokenize } from "../text/tokenize.js";
import { readGenerationChunks } from "./chunk-store.js";
import type { GenerationContent, IndexedChunk } from "./generation-folders.js";
import { generationFiles } from "./index-paths.js";
import type { GenerationDraft } from "./index-store.js";
import { buildNextManifest } from "./next-manifest.js";

/**
 * Builds the file store's next generation from the previous one: unchanged chunks keep their vectors and their
 * slots in the graph, replaced chunks are marked deleted and their slots re-used by the new chunks. The keyword
 * index is rebuilt over all chunks, since BM25 statistics are corpus-wide.
 */
export async function assembleGeneration(
  draft: GenerationDraft,
  previousFolder: string | null,
  built: VectorIndex | null = null,
): Promise<GenerationContent> {
  const recorded = draft.previous?.contents ?? {};
  const previousChunks = previousFolder
    ? await readGenerationChunks(previousFolder, draft.previous?.counts.labels ?? 0, recorded["chunks.bin"])
    : [];
  const kept = previousChunks.filter((chunk) => !draft.replacedSources.has(chunk.source));
  const replacedLabels = previousChunks
    .filter((chunk) => draft.replacedSources.has(chunk.source))
    .map((chunk) => chunk.label);
  const newChunks = draft.split.flatMap((file) => file.chunks);
  let nextLabel = previousFolder ? (draft.previous?.counts.labels ?? 0) : 0;
  const freeLabels = unusedLabels(nextLabel, kept);

  // `built`: a graph on nothing that already holds the new chunks, inserted in order under labels 0, 1, ...
  // while they were embedded (file-generation-builder.ts); the labels below come out the same.
  const vectors =
    built ??
    (previousFolder
      ? await VectorIndex.load(generationFiles(previousFolder).vectors, {
          dimensions: draft.dimensions,
          count: draft.previous?.counts.labels ?? 0,
          record: recorded["vectors.hnsw"],
        })
      : VectorIndex.create(draft.dimensions, newChunks.length));
  for (const label of replacedLabels) vectors.remove(label);
  const newTerms = new Map<number, readonly string[]>();
  const added: IndexedChunk[] = newChunks.map((chunk, position) => {
    const label = freeLabels.pop() ?? nextLabel++;
    if (built === null) vectors.add(label, draft.vectors[position] as number[]);
    const terms = draft.terms?.[position];
    if (terms !== undefined) newTerms.set(label, terms);
    return { ...chunk, label };
  });
  if (built !== null) built.fitCapacity(newChunks.length);

  const chunks = [...kept, ...added].sort(compareChunks);
  const keywords = KeywordIndex.fromTerms(
    chunks.map((chunk) => ({
      label: chunk.label,
      terms: newTerms.get(chunk.label) ?? tokenize(chunkIndexText(chunk)),
    })),
  );
  return { manifest: buildNextManifest(draft, nextLabel), chunks, vectors, keywords };
}

/** Labels below `count` that no kept chunk uses (deleted slots), highest first so pop() takes the lowest. */
function unusedLabels(count: number, kept: readonly IndexedChunk[]): number[] {
  const used = new Uint8Array(count);
  for (const chunk of kept) used[chunk.label] = 1;
  const free: number[] = [];
  for (let label = count - 1; label >= 0; label--) if (used[label] === 0) free.push(label);
  return free;
}

function compareChunks(a: Chunk, b: Chunk): number {
  return a.source < b.source ? -1 : a.source > b.source ? 1 : a.position - b.position;
}
