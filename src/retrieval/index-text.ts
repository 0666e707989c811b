import type { Chunk } from "../documents/chunk.js";

/**
 * The text that is embedded and keyword-indexed for a chunk: the document title and the headings above the chunk,
 * then its text. Headings name what a passage is about in the words people search with, so they go in front
 * (where the local embedder's heading weight applies) and count as words of the chunk for BM25.
 */
export function chunkIndexText(chunk: Pick<Chunk, "title" | "headingPath" | "text">): string {
  const headings = chunk.headingPath.filter((heading) => heading.trim().length > 0);
  const lines = headings[0] === chunk.title ? headings : [chunk.title, ...headings];
  const heading = lines.filter((line) => line.trim().length > 0).join(" > ");
  return heading.length > 0 ? `${heading}\n\n${chunk.text}` : chunk.text;
}
