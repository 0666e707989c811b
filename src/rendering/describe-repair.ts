import type { IndexRepair } from "../index-store/index-repair.js";

/**
 * What a run found damaged in the index it was to build on, and what it rebuilt: the lines `docent ingest` prints
 * and the chat re-index reply shows.
 */
export function describeRepair(repair: IndexRepair): string[] {
  const what = repair.generation === null ? "The index pointer" : `The index generation ${repair.generation}`;
  const rebuilt =
    repair.rebuilt === "keywords"
      ? "rebuilt its keyword index from the stored chunks"
      : "rebuilt the index from the documents";
  return [
    `Repaired: ${what} was damaged; this run ${rebuilt}. Check the disk holding the index if it happens again.`,
    ...repair.problems.map((problem) => `  damaged: ${problem}`),
  ];
}
