import type { KeywordIndexData } from "./keyword-index-format.js";
import { slotCountFor } from "./term-table.js";
import { runsThrough } from "./typed-array-file.js";

/**
 * The consistency of a decoded keyword index. What keeps every search finite: the term table has exactly the slots
 * it was built with (so a probe always meets an empty one) and each slot names a term at most once; every offset
 * table runs from 0 to the end of what it indexes without going back. What keeps scores right: each posting has a
 * count of at least 1, labels are whole numbers, k1 and b are in range, and (unless `verified`, see below) each
 * term's postings name existing documents in increasing order (no document counted twice, every IDF positive).
 * Returns what is wrong, or null. Linear in the size of the file.
 */
export function checkKeywordIndex(data: KeywordIndexData, verified = false): string | null {
  const { k1, b, labels, docLengths, terms, postingStarts, postingDocs, postingCounts } = data;
  if (!(k1 > 0 && k1 < 100 && b >= 0 && b <= 1)) return "BM25 parameters out of range";
  const documents = docLengths.length;
  if (labels.length !== documents) return "label table size differs from the document count";
  for (const label of labels) {
    if (!Number.isInteger(label) || label < 0 || label > 0xffffffff) return "a label is not a slot number";
  }
  const termCount = terms.offsets.length - 1;
  if (termCount < 0 || !runsThrough(terms.offsets, terms.bytes.length)) return "term offsets out of bounds";
  const problem = checkSlots(terms.slots, termCount);
  if (problem !== null) return problem;
  if (postingStarts.length !== termCount + 1) return "posting table size differs from the term count";
  if (!runsThrough(postingStarts, postingDocs.length)) return "posting offsets out of bounds";
  if (postingCounts.length !== postingDocs.length) return "posting counts and documents differ in length";
  if (postingCounts.indexOf(0) !== -1) return "a posting has no count";
  // The order of each term's postings keeps scores right, not loops finite (the checks above do that): a file that
  // matched the checksum recorded when docent wrote it (`verified`) has them as written, and skips this longest pass.
  return verified ? null : checkPostingOrder(postingStarts, postingDocs, documents);
}

/** Each term's postings name existing documents in increasing order (one tight pass over millions of postings). */
function checkPostingOrder(starts: Uint32Array, documentsOf: Uint32Array, documents: number): string | null {
  let posting = 0;
  for (let term = 0; term + 1 < starts.length; term++) {
    const end = starts[term + 1] as number;
    let previous = -1;
    for (; posting < end; posting++) {
      const document = documentsOf[posting] as number;
      if (document <= previous || document >= documents) return `term ${term} has a bad posting`;
      previous = document;
    }
  }
  return null;
}

function checkSlots(slots: Int32Array, termCount: number): string | null {
  if (slots.length !== slotCountFor(termCount)) return "term slot table has the wrong size";
  const seen = new Uint8Array(termCount);
  let used = 0;
  for (const id of slots) {
    if (id === -1) continue;
    if (id < 0 || id >= termCount || seen[id] === 1) return "term slot table names a bad term";
    seen[id] = 1;
    used++;
  }
  return used === termCount ? null : "term slot table and terms disagree";
}
