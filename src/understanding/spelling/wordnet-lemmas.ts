import { possibleBaseForms } from "../word-forms.js";
import { WordNet } from "../wordnet.js";
import { hashWord } from "./delete-index.js";

/**
 * Whether WordNet has a word (as a form of one of its lemmas: "quokkas" is "quokka"), in a few hundred
 * nanoseconds: the 32-bit hashes of its 77,000 one-word lemmas, sorted (300 KB), searched by bisection. A binary
 * search of WordNet's index files per form took about 30 µs a word, most of the cost of reading a typo. Two
 * words sharing a hash (about one chance in 50,000 for a word that is not a lemma) would read as known: left alone.
 */
let lemmaHashes: Uint32Array | null = null;

function loadHashes(): Uint32Array {
  if (lemmaHashes !== null) return lemmaHashes;
  const wordnet = WordNet.open();
  const hashes: number[] = [];
  try {
    for (const lemma of wordnet.lemmas()) if (/^[a-z]+$/.test(lemma)) hashes.push(hashWord(lemma));
  } finally {
    wordnet.close();
  }
  lemmaHashes = Uint32Array.from(hashes).sort();
  return lemmaHashes;
}

export function wordNetKnows(word: string): boolean {
  const hashes = loadHashes();
  return possibleBaseForms(word).some((form) => {
    const hash = hashWord(form);
    let low = 0;
    let high = hashes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((hashes[middle] ?? 0) < hash) low = middle + 1;
      else high = middle;
    }
    return hashes[low] === hash;
  });
}
