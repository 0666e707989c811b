import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { seededRandom } from "./synthetic-corpus.js";

/**
 * Questions for the spelling bench: sentences of 6-16 words from the handbook's pages (what people ask is close to
 * what the documents say), each also with typos: every word of 5 letters or more has, one time in two, one
 * random slip (a letter left out, doubled, swapped with its neighbour or replaced), the kinds people make.
 */
export interface TypoQuestion {
  words: string[];
  /** For each word: the word before the slip, when one was made. */
  originals: Array<string | null>;
}

export function handbookSentences(pages: string, count: number, seed = 5): string[][] {
  const random = seededRandom(seed);
  const sentences = markdownFiles(pages)
    .flatMap((file) => readFileSync(file, "utf8").split(/(?<=[.!?])\s+|\n+/))
    .map((sentence) => sentence.replace(/[#*_`>[\]()|]/g, " ").match(/[A-Za-z][A-Za-z'-]*/g) ?? [])
    .filter((words) => words.length >= 6);
  return Array.from({ length: count }, () => {
    const words = sentences[Math.floor(random() * sentences.length)] ?? [];
    return words.slice(0, 6 + Math.floor(random() * 11));
  });
}

export function withTypos(sentences: readonly string[][], seed = 9): TypoQuestion[] {
  const random = seededRandom(seed);
  return sentences.map((words) => {
    const originals: Array<string | null> = [];
    const slipped = words.map((word) => {
      if (word.length < 5 || !/^[a-z]+$/i.test(word) || random() < 0.5) {
        originals.push(null);
        return word;
      }
      const slipped = slip(word, random);
      originals.push(slipped === word ? null : word);
      return slipped;
    });
    return { words: slipped, originals };
  });
}

function slip(word: string, random: () => number): string {
  const at = 1 + Math.floor(random() * (word.length - 2));
  const kind = Math.floor(random() * 4);
  if (kind === 0) return word.slice(0, at) + word.slice(at + 1);
  if (kind === 1) return word.slice(0, at) + word[at] + word.slice(at);
  if (kind === 2) return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  const letter = String.fromCharCode(97 + Math.floor(random() * 26));
  return word.slice(0, at) + letter + word.slice(at + 1);
}

function markdownFiles(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) return markdownFiles(path);
      return name.endsWith(".md") ? [path] : [];
    });
}
