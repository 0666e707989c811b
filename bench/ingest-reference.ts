import { DirectoryLoader } from "@langchain/classic/document_loaders/fs/directory";
import { TextLoader } from "@langchain/classic/document_loaders/fs/text";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";

/** Milliseconds per stage of the stock LangChain ingest, and how many chunks it made. */
export interface ReferenceTiming {
  loadMs: number;
  splitMs: number;
  embedMs: number;
  insertMs: number;
  saveMs: number;
  totalMs: number;
  chunks: number;
}

/**
 * The stock LangChain ingest the issue compares against: DirectoryLoader (recursive) with TextLoader for .md,
 * RecursiveCharacterTextSplitter, HNSWLib.fromDocuments (embeds every chunk, then inserts them), save(dir).
 */
export async function runReferenceIngest(
  docsDir: string,
  saveDir: string,
  embeddings: EmbeddingsInterface,
  chunking: { chunkSize: number; chunkOverlap: number },
): Promise<ReferenceTiming> {
  const started = performance.now();
  const loader = new DirectoryLoader(docsDir, { ".md": (file) => new TextLoader(file) }, true, "ignore");
  const documents = await loader.load();
  const loaded = performance.now();
  const splitter = new RecursiveCharacterTextSplitter(chunking);
  const chunks = await splitter.splitDocuments(documents);
  const split = performance.now();
  let embedMs = 0;
  const timedEmbeddings: EmbeddingsInterface = {
    embedQuery: (text) => embeddings.embedQuery(text),
    embedDocuments: async (texts) => {
      const embedStarted = performance.now();
      const vectors = await embeddings.embedDocuments(texts);
      embedMs += performance.now() - embedStarted;
      return vectors;
    },
  };
  const store = await HNSWLib.fromDocuments(chunks, timedEmbeddings);
  const built = performance.now();
  await store.save(saveDir);
  const saved = performance.now();
  return {
    loadMs: loaded - started,
    splitMs: split - loaded,
    embedMs,
    insertMs: built - split - embedMs,
    saveMs: saved - built,
    totalMs: saved - started,
    chunks: chunks.length,
  };
}
