import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ingestPipeline from "../ingest/ingest-pipeline.js";
import { listSources } from "../ingest/list-sources.js";
import { loadAndSplit } from "../ingest/load-and-split.js";
import * as embedderFactory from "../src/embeddings/create-embedder.js";
import type { Embedder } from "../src/embeddings/embedder.js";
import { embedAll } from "../src/embeddings/embedding-queue.js";
import * as localEmbeddings from "../src/embeddings/local-embeddings.js";
import * as fileIndexStore from "../src/index-store/file-index-store.js";
import { silentLogger } from "../src/logging/logger.js";
import { chunkIndexText } from "../src/retrieval/index-text.js";
import { documentsFolder } from "../src/sources/folder/folder-source.js";
import { runReferenceIngest } from "./ingest-reference.js";
import { startLoopbackEmbeddingsServer } from "./loopback-embeddings-server.js";
import {
  describeMachine,
  loadAverage,
  median,
  numberFlag,
  requireHandbook,
  seconds,
} from "./measure-helpers.js";

/**
 * Issue #14 item 2 ("Ingest overlaps its stages") on the 18F handbook, for two embedders in the same run: the
 * default local embedder, and docent's OpenAI-compatible client against a loopback server costing --delay ms
 * (default 50) per 64 inputs, one request at a time (bench/loopback-embeddings-server.ts). Per embedder and round:
 * embedding alone (docent's chunk texts through the embedding queue, embedAll, with the configuration defaults: batch 64,
 * concurrency 2), docent's full ingest (a rebuild into an empty folder), and the LangChain reference (loader +
 * RecursiveCharacterTextSplitter + HNSWLib.fromDocuments + save) with the same embedder object. The order of the
 * three rotates from round to round; medians are printed with the ratios the issue sets (full <= 1.15x embedding
 * alone; reference / docent >= 1).
 * --built runs docent's side from dist/ (`npm run build` first), as `docent ingest` runs: its worker threads then
 * start from JavaScript, not through tsx compiling TypeScript in each thread.
 * Usage: npx tsx bench/ingest-overlap.ts [--repeat 5] [--delay 50] [--built]
 */
const built = process.argv.includes("--built");
const code = built
  ? await importBuilt()
  : { ingestPipeline, embedderFactory, localEmbeddings, fileIndexStore };
const { ingestDocuments } = code.ingestPipeline;
const { createEmbedder } = code.embedderFactory;
const { LocalEmbeddings } = code.localEmbeddings;
const { createFileIndexStore } = code.fileIndexStore;
const handbook = requireHandbook();
const repeats = numberFlag("repeat", 5);
const delayMs = numberFlag("delay", 50);
const chunking = { chunkSize: 1000, chunkOverlap: 150 };
const embedding = { batchSize: 64, concurrency: 2, maxRetries: 4, timeoutMs: 60_000 };
const workDir = await mkdtemp(join(tmpdir(), "docent-ingest-overlap-"));
const server = await startLoopbackEmbeddingsServer({ delayMs });

type Side = "embed alone" | "docent full" | "reference";
const sides: Side[] = ["embed alone", "docent full", "reference"];

try {
  console.log(`machine: ${describeMachine()}; docent's code from ${built ? "dist/ (built)" : "src/ (tsx)"}`);
  const texts = await docentChunkTexts();
  const remote = await createEmbedder(
    {
      provider: "openai",
      model: "loopback",
      baseUrl: server.url,
      apiKey: undefined,
      ...embedding,
    },
    silentLogger,
  );
  const embedders: Array<[string, Embedder]> = [
    ["local", new LocalEmbeddings()],
    [`loopback server (${delayMs} ms per 64 inputs)`, remote],
  ];
  for (const [name, embedder] of embedders) {
    const times: Record<Side, number[]> = { "embed alone": [], "docent full": [], reference: [] };
    let referenceChunks = 0;
    for (let round = 0; round < repeats; round++) {
      const order = sides.map((_, index) => sides[(index + round) % sides.length] as Side);
      for (const side of order) {
        const started = performance.now();
        if (side === "embed alone") await embedAll(embedder, texts, embedding);
        else if (side === "docent full") await ingestOnce(embedder, join(workDir, `index-${round}`));
        else referenceChunks = (await referenceOnce(embedder, join(workDir, `reference-${round}`))).chunks;
        times[side].push(performance.now() - started);
      }
      console.log(
        `${name}, round ${round + 1}: ${sides.map((side) => `${side} ${seconds(times[side].at(-1) ?? 0)}`).join(", ")}; ` +
          `load ${loadAverage()}`,
      );
    }
    const [alone, full, reference] = sides.map((side) => median(times[side])) as [number, number, number];
    console.log(`\n${name}: medians of ${repeats} rounds (load average now ${loadAverage()})`);
    console.log(
      `  embedding alone      ${seconds(alone)}  (${texts.length} chunk texts, batch 64, concurrency 2)`,
    );
    console.log(
      `  docent full ingest   ${seconds(full)}  = ${(full / alone).toFixed(2)}x embedding alone (target <= 1.15x)`,
    );
    console.log(
      `  LangChain reference  ${seconds(reference)}  (${referenceChunks} chunks); reference / docent ` +
        `${(reference / full).toFixed(2)}x (target >= 1)\n`,
    );
  }
  const served = await server.stats();
  console.log(`loopback server: ${served.requests} requests, ${served.inputs} inputs`);
} finally {
  await server.close();
  await rm(workDir, { recursive: true, force: true });
}

/** The texts docent embeds for the handbook (chunkIndexText of every chunk), as its ingest splits them. */
async function docentChunkTexts(): Promise<string[]> {
  const { listed: read } = await listSources([documentsFolder(handbook, 50 * 2 ** 20)], undefined);
  const { split } = await loadAndSplit(read, chunking);
  return split.flatMap((file) => file.chunks.map(chunkIndexText));
}

async function ingestOnce(embedder: Embedder, indexDir: string): Promise<void> {
  await ingestDocuments({
    sources: [documentsFolder(handbook, 50 * 2 ** 20)],
    docsDir: handbook,
    store: createFileIndexStore(indexDir),
    rebuild: true,
    embedder,
    embedding,
    chunking,
    logger: silentLogger,
  });
  await rm(indexDir, { recursive: true, force: true });
}

async function referenceOnce(embedder: Embedder, saveDir: string) {
  const timing = await runReferenceIngest(handbook, saveDir, embedder, chunking);
  await rm(saveDir, { recursive: true, force: true });
  return timing;
}

/** The same modules from dist/ (the LocalEmbeddings class must be the pipeline's own for it to embed on its worker). */
async function importBuilt() {
  const from = (file: string) => new URL(`../dist/${file}`, import.meta.url).href;
  return {
    ingestPipeline: (await import(from("ingest/ingest-pipeline.js"))) as typeof ingestPipeline,
    embedderFactory: (await import(from("src/embeddings/create-embedder.js"))) as typeof embedderFactory,
    localEmbeddings: (await import(from("src/embeddings/local-embeddings.js"))) as typeof localEmbeddings,
    fileIndexStore: (await import(from("src/index-store/file-index-store.js"))) as typeof fileIndexStore,
  };
}
