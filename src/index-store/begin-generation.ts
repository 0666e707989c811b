import type { EmbeddedBatch, GenerationBuilder, GenerationStart, IndexStore } from "./index-store.js";

/**
 * Opens the next generation of a store: its own builder when it has one (the file store indexes batches as they
 * come), else one that gathers the batches and hands the whole draft to writeGeneration on commit (pgvector,
 * which writes everything in one transaction at the end anyway).
 */
export function beginGeneration(store: IndexStore, start: GenerationStart): GenerationBuilder {
  if (store.beginGeneration) return store.beginGeneration(start);
  return gatherGeneration(start, (draft) => store.writeGeneration(draft));
}

/** A builder that keeps every batch and writes the complete draft on commit. */
export function gatherGeneration(
  start: GenerationStart,
  write: IndexStore["writeGeneration"],
): GenerationBuilder {
  let batches: EmbeddedBatch[] = [];
  return {
    add: (batch) => {
      batches.push(batch);
    },
    commit: (rest) => {
      const vectors = batches.flatMap((batch) => batch.vectors);
      const terms = batches.every((batch) => batch.terms !== undefined)
        ? batches.flatMap((batch) => batch.terms ?? [])
        : undefined;
      return write({ ...start, ...rest, vectors, terms });
    },
    discard: () => {
      batches = [];
    },
  };
}

/** Generation names sort by creation time: gen-<UTC timestamp>-<pid>. */
export function newGenerationName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:.]/g, "").replace("T", "-").replace("Z", "");
  return `gen-${stamp}-${process.pid}`;
}
