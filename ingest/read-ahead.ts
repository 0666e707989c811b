import type { DocumentSource } from "../src/sources/document-source.js";
import { ingestCancelled } from "./ingest-cancelled.js";
import type { ListedDocument } from "./list-sources.js";

/** A document's bytes from its source, or the reason they cannot be had. */
export type ReadOutcome = Buffer | string;

export interface ReadAhead {
  /** The outcome of reading files[index]: ask in listing order, each once; rejects at once when the run stops. */
  take(index: number): Promise<ReadOutcome>;
  /** files[index] is done with (its bytes handed on or dropped): its source may start reading the next one. */
  release(index: number): void;
  /** Stops the reads still going (the run ended early); their outcomes are dropped. */
  stop(): void;
}

/**
 * Reads documents ahead of the load stage, started in listing order: of each source, up to its `readsInFlight`
 * documents (one when it does not say) are being read or waiting to be loaded, so that a source behind latency is
 * read that many at a time while the bytes of at most that many of its documents are held. A document is released
 * once loaded, which lets its source start the next. Cancelling the run (or `stop`) ends every read at once.
 */
export function startReadAhead(files: readonly ListedDocument[], runSignal?: AbortSignal): ReadAhead {
  const stopping = new AbortController();
  const signal = runSignal === undefined ? stopping.signal : AbortSignal.any([runSignal, stopping.signal]);
  const reads = new Map<number, Promise<ReadOutcome>>();
  const held = new Map<DocumentSource, number>();
  let next = 0;
  const fill = () => {
    while (next < files.length && !signal.aborted) {
      const from = (files[next] as ListedDocument).from;
      const holding = held.get(from) ?? 0;
      if (holding >= readsAllowed(from)) return;
      held.set(from, holding + 1);
      const read = readDocument(files[next] as ListedDocument, signal);
      // A read abandoned when the run stops rejects with nobody waiting: that must not surface as unhandled.
      read.catch(() => undefined);
      reads.set(next, read);
      next += 1;
    }
  };
  return {
    take(index) {
      fill();
      const read = reads.get(index);
      if (read === undefined) {
        if (signal.aborted) return Promise.reject(ingestCancelled());
        return Promise.reject(new Error(`document ${index} was asked for out of listing order`));
      }
      return untilAborted(read, runSignal);
    },
    release(index) {
      if (!reads.delete(index)) return;
      const from = (files[index] as ListedDocument).from;
      held.set(from, (held.get(from) ?? 1) - 1);
      fill();
    },
    stop() {
      stopping.abort();
    },
  };
}

/** How many of a source's documents may be read at once: what it says, at least one. */
function readsAllowed(source: DocumentSource): number {
  return Math.max(1, Math.floor(source.readsInFlight ?? 1));
}

async function readDocument(listed: ListedDocument, signal: AbortSignal): Promise<ReadOutcome> {
  try {
    return await listed.from.read(listed.document, signal);
  } catch (error) {
    if (signal.aborted) throw ingestCancelled();
    return error instanceof Error ? error.message : String(error);
  }
}

/** `work`, or a cancellation as soon as the run's signal fires (a source that does not watch it is not waited for). */
async function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  if (signal.aborted) throw ingestCancelled();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(ingestCancelled());
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
