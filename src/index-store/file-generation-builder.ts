import { setImmediate as nextTurn } from "node:timers/promises";
import { VectorIndex } from "../retrieval/vector-index.js";
import { assembleGeneration } from "./assemble-file-generation.js";
import type { GenerationContent } from "./generation-folders.js";
import type { GenerationBuilder, GenerationStart } from "./index-store.js";
import type { Manifest } from "./manifest.js";

/** Room for this many chunks at first; the graph doubles as needed and is fitted to its count on commit. */
const initialCapacity = 1024;
/** Vectors inserted per turn of the event loop, so that the files being loaded meanwhile are not held up. */
const insertsPerTurn = 8;

/**
 * The file store's builder. Building on nothing (a first ingest, --rebuild), vectors go into the HNSW graph as
 * they arrive, under labels 0, 1, ... in order, a few per turn of the event loop, while the next batches are
 * embedded: the graph is the one inserting every vector at the end would give. Building on a previous generation,
 * the new chunks' labels depend on which files the run replaces, known only once every file is loaded, so the
 * vectors wait for commit (an incremental run embeds few chunks). Terms handed over spare the keyword index a
 * second tokenizing.
 */
export function beginFileGeneration(
  start: GenerationStart,
  previousFolder: string | null,
  write: (content: GenerationContent) => Promise<Manifest>,
): GenerationBuilder {
  let vectors: number[][] = [];
  let terms: (readonly string[])[] | undefined = [];
  let graph: VectorIndex | null = null;
  let inserted = 0;
  let inserting: Promise<void> | null = null;

  const insertArrived = async () => {
    while (graph !== null && inserted < vectors.length) {
      const end = Math.min(vectors.length, inserted + insertsPerTurn);
      for (; inserted < end; inserted++) graph.add(inserted, vectors[inserted] as number[]);
      await nextTurn();
    }
  };

  return {
    add(batch) {
      vectors.push(...(batch.vectors as number[][]));
      if (batch.terms === undefined) terms = undefined;
      else terms?.push(...batch.terms);
      const dimensions = batch.vectors[0]?.length;
      if (previousFolder !== null || dimensions === undefined) return;
      graph ??= VectorIndex.create(dimensions, initialCapacity);
      inserting ??= insertArrived().finally(() => {
        inserting = null;
      });
    },
    async commit(rest): Promise<Manifest> {
      await inserting;
      const draft = { ...start, ...rest, vectors, terms };
      return write(await assembleGeneration(draft, previousFolder, graph));
    },
    discard() {
      vectors = [];
      terms = [];
      graph = null;
    },
  };
}
