import { describe, expect, it } from "vitest";
import { englishWordCounts } from "../../../src/understanding/english-frequency.js";
import { DeleteIndex } from "../../../src/understanding/spelling/delete-index.js";
import { editDistance } from "../../../src/understanding/spelling/edit-distance.js";

/** Real words: every 10th plain word of the SUBTLEX list. */
const words = [...englishWordCounts().keys()].filter(
  (word, index) => index % 10 === 0 && /^[a-z]{3,}$/.test(word),
);

/** A deterministic stream of typos: one or two random edits of random words. */
function typos(count: number): string[] {
  let seed = 17;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const letter = () => String.fromCharCode(97 + Math.floor(random() * 26));
  const edit = (word: string) => {
    const at = Math.floor(random() * word.length);
    const kind = Math.floor(random() * 4);
    if (kind === 0) return word.slice(0, at) + word.slice(at + 1);
    if (kind === 1) return word.slice(0, at) + letter() + word.slice(at);
    if (kind === 2) return word.slice(0, at) + letter() + word.slice(at + 1);
    return word.slice(0, at) + (word[at + 1] ?? "") + (word[at] ?? "") + word.slice(at + 2);
  };
  return Array.from({ length: count }, (_, index) => {
    const word = words[Math.floor(random() * words.length)] ?? "word";
    return index % 2 === 0 ? edit(word) : edit(edit(word));
  });
}

describe("DeleteIndex", () => {
  const twoEdits = DeleteIndex.build(words, () => 2);

  it("finds exactly the words a full comparison finds, within one and two edits", () => {
    for (const query of typos(150)) {
      for (const limit of [1, 2]) {
        const expected = words.filter((word) => editDistance(query, word, limit) <= limit).sort();
        const found = twoEdits
          .search(query, limit)
          .map((match) => words[match.id] ?? "")
          .sort();
        expect(found, `${query} within ${limit}`).toEqual(expected);
      }
    }
  });

  it("reports each word once, with its distance", () => {
    const matches = twoEdits.search("helth", 1);
    expect(new Set(matches.map((match) => match.id)).size).toBe(matches.length);
    for (const match of matches) expect(editDistance("helth", words[match.id] ?? "", 1)).toBe(match.distance);
  });

  it("finds a word at two edits only when its two-letter deletions were indexed", () => {
    const list = ["reimbursement", "vacation"];
    const oneDeletion = DeleteIndex.build(list, () => 1);
    const both = DeleteIndex.build(list, (word) => (word.length >= 10 ? 2 : 1));
    expect(oneDeletion.search("reimbursmnet", 2)).toEqual([]);
    expect(both.search("reimbursmnet", 2)).toEqual([{ id: 0, distance: 2 }]);
    expect(both.search("vaccation", 1)).toEqual([{ id: 1, distance: 1 }]);
    expect(both.size).toBeGreaterThan(oneDeletion.size);
  });
});
