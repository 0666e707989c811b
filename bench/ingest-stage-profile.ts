import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import hnswlib from "hnswlib-node";
import { listSources } from "../ingest/list-sources.js";
import { loadAndSplit } from "../ingest/load-and-split.js";
import type { Embedder } from "../src/embeddings/embedder.js";
import { embedAll } from "../src/embeddings/embedding-queue.js";
import { buildChunkStoreData, encodeChunkStore } from "../src/index-store/chunk-store-format.js";
import { chunkIndexText } from "../src/retrieval/index-text.js";
import { KeywordIndex } from "../src/retrieval/keyword-index.js";
import { VectorIndex } from "../src/retrieval/vector-index.js";
import { documentsFolder } from "../src/sources/folder/folder-source.js";
import { stemWord } from "../src/text/stem-word.js";
import { tokenize } from "../src/text/tokenize.js";
import { median } from "./measure-helpers.js";

/**
 * Where a full docent ingest spends its time: the stages of ingest-pipeline.ts run one by one with the same
 * functions and settings, each timed on its own. Also times HNSW insertion at lower efConstruction (hnswlib
 * directly, same M) and how much of embedding and BM25 is tokenizing, to size the proposals.
 */
export async function profileIngestStages(
  docsDir: string,
  workDir: string,
  embedder: Embedder,
  chunking: { chunkSize: number; chunkOverlap: number },
  repeats: number,
): Promise<void> {
  const rounds: Record<string, number>[] = [];
  for (let round = 0; round < repeats; round++) {
    const stage: Record<string, number> = {};
    let mark = performance.now();
    const lap = (name: string) => {
      const now = performance.now();
      stage[name] = now - mark;
      mark = now;
    };
    const { listed: read } = await listSources([documentsFolder(docsDir, 50 * 2 ** 20)], undefined);
    lap("list, read and hash");
    const { split } = await loadAndSplit(read, chunking);
    lap("load+split");
    const texts = split.flatMap((file) => file.chunks.map(chunkIndexText));
    lap("index text");
    const vectors = await embedAll(embedder, texts, {
      batchSize: 64,
      concurrency: 2,
      maxRetries: 4,
      timeoutMs: 60_000,
    });
    lap("embed");
    const vectorIndex = VectorIndex.create(vectors[0]?.length ?? 0, vectors.length);
    for (const [label, vector] of vectors.entries()) vectorIndex.add(label, vector);
    lap("HNSW insert (efC 200)");
    const keywords = KeywordIndex.build(texts.map((text, label) => ({ label, text })));
    lap("BM25 build");
    const folder = join(workDir, `stages-${round}`);
    await mkdir(folder, { recursive: true });
    await vectorIndex.save(join(folder, "vectors.hnsw"));
    await writeFile(join(folder, "keywords.bin"), keywords.toBuffer());
    const chunks = split.flatMap((file) => file.chunks).map((chunk, label) => ({ ...chunk, label }));
    await writeFile(join(folder, "chunks.bin"), encodeChunkStore(buildChunkStoreData(chunks, chunks.length)));
    lap("write (no fsync)");
    for (const text of texts) tokenize(text);
    lap("tokenize only (in embed and BM25)");
    const words = texts.flatMap((text) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
    mark = performance.now();
    for (const word of words) stemWord(word);
    lap(`  of which stemWord x ${words.length} words`);
    const stems = new Map<string, string>();
    for (const word of words) if (!stems.has(word)) stems.set(word, stemWord(word));
    lap(`  stemWord memoised (${stems.size} distinct)`);
    for (const text of texts) text.normalize("NFKD").normalize("NFKC");
    lap("  of which NFKD+NFKC normalising");
    for (const construction of [100, 50]) {
      insertWith(vectors, construction);
      lap(`HNSW insert (efC ${construction})`);
    }
    await rm(folder, { recursive: true, force: true });
    rounds.push(stage);
  }
  console.log(`\ndocent full ingest, stage by stage (medians of ${repeats}):`);
  for (const name of Object.keys(rounds[0] ?? {})) {
    console.log(`  ${name.padEnd(36)} ${median(rounds.map((stage) => stage[name] ?? 0)).toFixed(0)} ms`);
  }
}

function insertWith(vectors: readonly number[][], efConstruction: number): void {
  const graph = new hnswlib.HierarchicalNSW("cosine", vectors[0]?.length ?? 0);
  graph.initIndex({ maxElements: vectors.length, m: 16, efConstruction, randomSeed: 100 });
  for (const [label, vector] of vectors.entries()) graph.addPoint(vector, label);
}
