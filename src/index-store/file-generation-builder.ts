import { VectorIndex } from "../retrieval/vector-index.js";
import { assembleGeneration } from "./assemble-file-generation.js";
import type { GenerationContent } from "./generation-folders.js";
import type { GenerationBuilder, GenerationStart } from "./index-store.js";
import type { Manifest } from "./manifest.js";

/** Room for this many chunks at first; the graph doubles as needed and is fitted to its count on commit. */
const initialCapacity = 1024;

/**
 * The file store's builder. Building on nothing (a first ingest, --rebuild), each batch goes into the HNSW graph
 * as it arrives, under labels 0, 1, ... in order, while the next batches are embedded: the graph is the one
 * inserting every vector at the end would give. Building on a previous generation, the new chunks' labels depend
 * on which files the run replaces, known only once every file is loaded, so the vectors wait for commit (an
 * incremental run embeds few chunks). Terms handed over spare the keyword index a second tokenizing.
 */
export function beginFileGeneration(
  start: GenerationStart,
  previousFolder: string | null,
  write: (content: GenerationContent) => Promise<void>,
): GenerationBuilder {
  let vectors: number[][] = [];
  let terms: (readonly string[])[] | undefined = [];
  let graph: VectorIndex | null = null;
  return {
    add(batch) {
      if (previousFolder === null) {
        const dimensions = batch.vectors[0]?.length;
        if (dimensions !== undefined) graph ??= VectorIndex.create(dimensions, initialCapacity);
        for (const [position, vector] of batch.vectors.entries()) {
          graph?.add(vectors.length + position, vector as number[]);
        }
      }
      vectors.push(...batch.vectors);
      if (batch.terms === undefined) terms = undefined;
      else terms?.push(...batch.terms);
    },
    async commit(rest): Promise<Manifest> {
      const draft = { ...start, ...rest, vectors, terms };
      const content = await assembleGeneration(draft, previousFolder, graph);
      await write(content);
      return content.manifest;
    },
    discard() {
      vectors = [];
      terms = [];
      graph = null;
    },
  };
}
