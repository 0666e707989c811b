import os from "node:os";
import { performance } from "node:perf_hooks";
import { VectorIndex } from "../src/retrieval/vector-index.js";

/**
 * Exact search over a small scope (256 labels, 384 dimensions, the local embedder's size), per question: with the
 * scope's vectors read from the graph for the question (a fresh label list each time, as every question paid
 * before the vectors were kept per scope filter) and with them kept. Run: `npx tsx bench/exact-scope-search.ts`.
 */
const dimensions = 384;
const scopeSize = 256;
const stride = 15;
const stored = Array.from({ length: 4000 }, () =>
  Array.from({ length: dimensions }, () => Math.random() - 0.5),
);
const index = VectorIndex.create(dimensions, stored.length);
for (const [label, vector] of stored.entries()) index.add(label, vector);
const labels = Array.from({ length: scopeSize }, (_, position) => position * stride);
const allows = (label: number) => label % stride === 0 && label < scopeSize * stride;
const keptFilter = { allows, labels: () => labels };
const question = stored[7] as number[];

function millisecondsPerCall(search: () => void, calls: number): number {
  const started = performance.now();
  for (let call = 0; call < calls; call++) search();
  return (performance.now() - started) / calls;
}

for (let round = 0; round < 3; round++) {
  const readEachTime = millisecondsPerCall(
    () => index.search(question, 10, { allows, labels: () => labels.slice() }),
    200,
  );
  const kept = millisecondsPerCall(() => index.search(question, 10, keptFilter), 200);
  const load = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");
  console.log(
    `exact search over ${scopeSize} labels x ${dimensions} dimensions: vectors read per question ` +
      `${readEachTime.toFixed(3)} ms, kept ${kept.toFixed(3)} ms; load ${load}`,
  );
}
