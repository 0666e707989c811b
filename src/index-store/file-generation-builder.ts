import { assembleGeneration } from "./assemble-file-generation.js";
import type { GenerationContent } from "./generation-folders.js";
import { type GraphBuilderThread, startGraphBuilderThread } from "./graph-builder-thread.js";
import type { GenerationBuilder, GenerationStart } from "./index-store.js";
import type { Manifest } from "./manifest.js";

/** Room for this many chunks at first; the graph doubles as needed and is fitted to its count on commit. */
const initialCapacity = 1024;
/**
 * From this many chunks the graph is built on its own thread as batches arrive; below it, at commit on the main
 * thread (starting a thread costs more than inserting a few hundred vectors).
 */
export const chunksForGraphThread = 512;

/**
 * The file store's builder. Building on nothing (a first ingest, --rebuild), once a run has enough chunks the
 * vectors go into the HNSW graph on a worker thread as they arrive, under labels 0, 1, ... in order, while the next
 * batches are embedded and the next files loaded: the graph is the one inserting every vector at the end would
 * give. Building on a previous generation,
 * the new chunks' labels depend on which files the run replaces, known only once every file is loaded, so the
 * vectors wait for commit (an incremental run embeds few chunks). Terms handed over spare the keyword index a
 * second tokenizing.
 */
export function beginFileGeneration(
  start: GenerationStart,
  previousFolder: string | null,
  write: (content: GenerationContent) => Promise<void>,
): GenerationBuilder {
  let vectors: number[][] = [];
  let terms: (readonly string[])[] | undefined = [];
  let graph: GraphBuilderThread | null = null;
  let sent = 0;

  const stopGraph = () => {
    void graph?.close();
    graph = null;
  };

  return {
    add(batch) {
      vectors.push(...(batch.vectors as number[][]));
      if (batch.terms === undefined) terms = undefined;
      else terms?.push(...batch.terms);
      const dimensions = vectors[0]?.length;
      if (previousFolder !== null || dimensions === undefined) return;
      if (graph === null && vectors.length < chunksForGraphThread) return;
      graph ??= startGraphBuilderThread(dimensions, initialCapacity);
      graph.add(vectors.slice(sent));
      sent = vectors.length;
    },
    async commit(rest): Promise<Manifest> {
      try {
        const draft = { ...start, ...rest, vectors, terms };
        const content = await assembleGeneration(draft, previousFolder, graph);
        await write(content);
        return content.manifest;
      } finally {
        stopGraph();
      }
    },
    discard() {
      vectors = [];
      terms = [];
      stopGraph();
    },
  };
}
