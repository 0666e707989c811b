/** A damaged index an ingest found, and what it rebuilt (the ingest's summary and the chat re-index reply name it). */
export interface IndexRepair {
  /** The current generation found damaged; null when the pointer to it (CURRENT) was. */
  generation: string | null;
  /** What is wrong, one sentence per damaged part (naming the file). */
  problems: string[];
  /** The keyword index, rebuilt from the stored chunks; or everything, from the documents. */
  rebuilt: "keywords" | "everything";
}
