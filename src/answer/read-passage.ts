import type { Chunk } from "../documents/chunk.js";
import { type IndexedWords, indexWords, joinWords } from "./indexed-words.js";
import { splitUnits, type TextUnit } from "./split-units.js";

/** A passage as ranking reads it: its units, the words of its headings, and all its words. */
export interface ReadPassage {
  units: TextUnit[];
  heading: IndexedWords;
  passage: IndexedWords;
}

interface Remembered extends ReadPassage {
  title: string;
  headingPath: readonly string[];
  text: string;
}

/**
 * Passages read recently, by chunk id: the same passages come back for question after question, and reading one
 * (splitting it into units, looking up its words) is the largest part of ranking a passage not seen before. An
 * entry is used only when the chunk's title, headings and text are those it was read from (an id names another
 * text in a later generation); comparing them costs far less than making and hashing a key of the whole text.
 */
const readPassages = new Map<string, Remembered>();
const rememberedPassages = 2_000;

export function readPassage(chunk: Pick<Chunk, "id" | "title" | "headingPath" | "text">): ReadPassage {
  const { id, title, headingPath, text } = chunk;
  const known = readPassages.get(id);
  if (
    known !== undefined &&
    known.text === text &&
    known.title === title &&
    sameList(known.headingPath, headingPath)
  ) {
    return known;
  }
  const units = splitUnits(text);
  const read: Remembered = {
    units,
    heading: indexWords([title, ...headingPath].join("\n")),
    passage: joinWords(units.flatMap((unit) => [unit.words, unit.frameWords])),
    title,
    headingPath: [...headingPath],
    text,
  };
  if (known === undefined && readPassages.size >= rememberedPassages) {
    readPassages.delete(readPassages.keys().next().value ?? "");
  }
  readPassages.set(id, read);
  return read;
}

function sameList(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((item, index) => item === right[index]);
}
