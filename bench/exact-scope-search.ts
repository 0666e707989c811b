/**
 * Exact search over a small scope (256 labels, 384 dimensions, the local embedder's size), per question: with the
 * scope's vectors read from the graph for the question (a fresh label list, as every question paid before the
 * vectors were kept per scope filter) and with them kept. Run: `npx tsx bench/exact-scope-search.ts`.
 */

import os from "node:os";
import { performance } from "node:perf_hooks";
import { VectorIndex } from "../src/retrieval/vector-index.js";

const dim = 384,
  n = 256;
const vecs = Array.from({ length: 4000 }, () => Array.from({ length: dim }, () => Math.random() - 0.5));
const index = VectorIndex.create(dim, 4000);
vecs.forEach((v, l) => index.add(l, v));
const labels = Array.from({ length: n }, (_, i) => i * 15);
const filter = { allows: (l: number) => l % 15 === 0 && l < n * 15, labels: () => labels };
const time = (fn: () => void, reps: number) => {
  const t = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t) / reps;
};
const q = vecs[7] as number[];
// old way: a fresh label array each call defeats the cache (what every question paid before)
const fresh = () => index.search(q, 10, { allows: filter.allows, labels: () => labels.slice() });
const cached = () => index.search(q, 10, filter);
for (let round = 0; round < 3; round++)
  console.log(
    `exact search over ${n} labels x ${dim} dims: uncached ${time(fresh, 200).toFixed(3)} ms, cached ${time(cached, 200).toFixed(3)} ms per question; load ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(", ")}`,
  );
