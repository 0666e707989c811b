import { editDistance } from "./edit-distance.js";

/**
 * Words within one or two edits of a query, found without comparing the query to every word: the symmetric-delete
 * method of SymSpell (Wolf Garbe). Two words within k edits (insertions, deletions, substitutions, transpositions)
 * share a string that each reaches by deleting at most k letters, so the index keeps, for every word, the strings
 * its deletions make; a query looks up the strings its own deletions make and checks the few words found.
 *
 * Stored compactly, because the index is a bot's resident memory: a deletion is kept as its 32-bit hash with the
 * word's number (8 bytes), grouped by the hash's top bits into buckets (typed arrays, no strings, no Map). A hash
 * shared by two different deletions only adds a word that the distance check then drops. (mnemonist's SymSpell,
 * the same method over a Map of strings to Sets, took 175 MB and 3.6 s for the English list at two edits:
 * BENCHMARKS.md, "Spelling".)
 */
export interface IndexedMatch {
  /** The word's position in the list the index was built from. */
  id: number;
  distance: number;
}

export class DeleteIndex {
  private readonly seen: Uint32Array;
  private stamp = 0;

  private constructor(
    readonly words: readonly string[],
    private readonly shift: number,
    private readonly bucketStarts: Uint32Array,
    private readonly hashes: Uint32Array,
    private readonly ids: Uint32Array,
  ) {
    this.seen = new Uint32Array(words.length);
  }

  /**
   * Indexes the words with their deletions of up to `deletionsOf(word)` letters (0-2): a word must have its
   * deletions of k letters indexed to be found k edits away.
   */
  static build(words: readonly string[], deletionsOf: (word: string) => number): DeleteIndex {
    let hashes = new Uint32Array(Math.max(16, words.length * 8));
    let ids = new Uint32Array(hashes.length);
    let count = 0;
    words.forEach((word, id) => {
      forEachDeletion(word, deletionsOf(word), (hash) => {
        if (count === hashes.length) {
          hashes = grow(hashes);
          ids = grow(ids);
        }
        hashes[count] = hash;
        ids[count++] = id;
      });
    });
    // About four deletions a bucket: a counting sort by the hash's top bits.
    const bits = Math.max(4, Math.min(24, Math.ceil(Math.log2(Math.max(count, 1))) - 2));
    const shift = 32 - bits;
    const bucketStarts = new Uint32Array(2 ** bits + 1);
    for (let pair = 0; pair < count; pair++) {
      const bucket = ((hashes[pair] ?? 0) >>> shift) + 1;
      bucketStarts[bucket] = (bucketStarts[bucket] ?? 0) + 1;
    }
    for (let bucket = 1; bucket < bucketStarts.length; bucket++) {
      bucketStarts[bucket] = (bucketStarts[bucket] ?? 0) + (bucketStarts[bucket - 1] ?? 0);
    }
    const cursor = bucketStarts.slice(0, -1);
    const sortedHashes = new Uint32Array(count);
    const sortedIds = new Uint32Array(count);
    for (let pair = 0; pair < count; pair++) {
      const hash = hashes[pair] ?? 0;
      const position = cursor[hash >>> shift] ?? 0;
      cursor[hash >>> shift] = position + 1;
      sortedHashes[position] = hash;
      sortedIds[position] = ids[pair] ?? 0;
    }
    return new DeleteIndex(words, shift, bucketStarts, sortedHashes, sortedIds);
  }

  /** How many (deletion, word) pairs the index holds. */
  get size(): number {
    return this.hashes.length;
  }

  /** Bytes of the typed arrays (the word list itself aside). */
  get byteLength(): number {
    return this.bucketStarts.byteLength + this.hashes.byteLength + this.ids.byteLength + this.seen.byteLength;
  }

  /** The indexed words within `limit` edits of the query, each once, with their distance. */
  search(query: string, limit: number): IndexedMatch[] {
    const matches: IndexedMatch[] = [];
    this.stamp = this.stamp === 0xffffffff ? 1 : this.stamp + 1;
    if (this.stamp === 1) this.seen.fill(0);
    const stamp = this.stamp;
    forEachDeletion(query, limit, (hash) => {
      const bucket = hash >>> this.shift;
      const end = this.bucketStarts[bucket + 1] ?? 0;
      for (let position = this.bucketStarts[bucket] ?? 0; position < end; position++) {
        if (this.hashes[position] !== hash) continue;
        const id = this.ids[position] ?? 0;
        if (this.seen[id] === stamp) continue;
        this.seen[id] = stamp;
        const distance = editDistance(query, this.words[id] ?? "", limit);
        if (distance <= limit) matches.push({ id, distance });
      }
    });
    return matches;
  }
}

function grow(array: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const grown = new Uint32Array(array.length * 2);
  grown.set(array);
  return grown;
}

/** Calls `visit` with the FNV-1a hash of the word and of every string made by deleting up to `most` letters (0-2). */
function forEachDeletion(word: string, most: number, visit: (hash: number) => void): void {
  const length = word.length;
  visit(hashWithout(word, -1, -1));
  if (most < 1) return;
  for (let first = 0; first < length; first++) {
    // Deleting either letter of a doubled pair makes the same string: skip the repeat.
    if (first > 0 && word.charCodeAt(first) === word.charCodeAt(first - 1)) continue;
    visit(hashWithout(word, first, -1));
    if (most < 2) continue;
    for (let second = first + 1; second < length; second++) {
      if (second > first + 1 && word.charCodeAt(second) === word.charCodeAt(second - 1)) continue;
      visit(hashWithout(word, first, second));
    }
  }
}

/** The 32-bit FNV-1a hash of a word's UTF-16 code units (what the index keys are made of). */
export function hashWord(word: string): number {
  return hashWithout(word, -1, -1);
}

function hashWithout(word: string, skipped: number, alsoSkipped: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < word.length; index++) {
    if (index === skipped || index === alsoSkipped) continue;
    hash = Math.imul(hash ^ word.charCodeAt(index), 0x01000193);
  }
  return hash >>> 0;
}
