import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { listSources } from "../ingest/list-sources.js";
import { loadAndSplit } from "../ingest/load-and-split.js";
import { documentsFolder } from "../src/sources/folder/folder-source.js";

/**
 * A large corpus made from the 18F handbook: the pages are copied again and again, each copy with its prose
 * varied (about 15% of words replaced by words drawn from the handbook's own word stream, about 10% swapped with
 * their neighbour), headings, front matter and code left as they are. Copies go to scope-0 .. scope-3 in turn, so
 * vectors are clustered like real text (near-duplicates around each real chunk) and each scope holds a quarter.
 */
export interface SyntheticCorpus {
  copies: number;
  files: number;
  /** Chunks one unvaried copy of the handbook makes with the given chunking. */
  chunksPerCopy: number;
}

export const scopeCount = 4;

export async function writeSyntheticCorpus(
  handbook: string,
  docsDir: string,
  targetChunks: number,
  chunking: { chunkSize: number; chunkOverlap: number },
): Promise<SyntheticCorpus> {
  const { listed: read } = await listSources([documentsFolder(handbook, 50 * 2 ** 20)], undefined);
  const { split } = await loadAndSplit(read, chunking);
  const chunksPerCopy = split.reduce((sum, file) => sum + file.chunks.length, 0);
  const pages = await Promise.all(
    split.map(async ({ file }) => ({
      source: file.source,
      text: await readFile(join(handbook, file.source), "utf8"),
    })),
  );
  const vocabulary = pages.flatMap((page) => page.text.match(/[A-Za-z][a-z]+/g) ?? []);
  const random = seededRandom(7);
  const copies = Math.max(1, Math.round(targetChunks / chunksPerCopy));
  for (let copy = 0; copy < copies; copy++) {
    for (const page of pages) {
      const target = join(docsDir, `scope-${copy % scopeCount}`, `copy-${copy}`, page.source);
      await mkdir(dirname(target), { recursive: true });
      const text = copy === 0 ? page.text : varyMarkdown(page.text, vocabulary, random);
      await writeFile(target, text);
    }
  }
  return { copies, files: copies * pages.length, chunksPerCopy };
}

/** Varies the prose lines of a Markdown page; front matter, headings, fences and code are kept. */
function varyMarkdown(text: string, vocabulary: readonly string[], random: () => number): string {
  const lines = text.split("\n");
  let inFrontMatter = lines[0]?.trim() === "---";
  let inFence = false;
  return lines
    .map((line, position) => {
      if (inFrontMatter) {
        if (position > 0 && line.trim() === "---") inFrontMatter = false;
        return line;
      }
      if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
      if (inFence || /^\s*(#|```|~~~|\||<)/.test(line) || line.trim() === "") return line;
      return varyWords(line, vocabulary, random);
    })
    .join("\n");
}

function varyWords(line: string, vocabulary: readonly string[], random: () => number): string {
  const words = line.split(" ");
  for (let position = 0; position < words.length; position++) {
    const word = words[position] ?? "";
    if (!/^[A-Za-z]+[,.;:]?$/.test(word)) continue;
    const draw = random();
    if (draw < 0.15) {
      const replacement = vocabulary[Math.floor(random() * vocabulary.length)] ?? word;
      words[position] = replacement + word.replace(/^[A-Za-z]+/, "");
    } else if (draw < 0.25 && position + 1 < words.length) {
      words[position] = words[position + 1] ?? word;
      words[position + 1] = word;
      position++;
    }
  }
  return words.join(" ");
}

/** A linear congruential generator: the same corpus on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
