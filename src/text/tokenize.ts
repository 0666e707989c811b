import { stemWord } from "./stem-word.js";
import { stopwords } from "./stopwords.js";

/**
 * The tokenizer shared by the keyword index and the local embedder.
 *
 * Text is NFKC-normalised, Latin accents are dropped ("café" -> "cafe") and words are found with Unicode classes.
 * A word joined by "_", "-", ".", "/" or ":" ("max_tokens", "claude-3-haiku", "v1/messages") yields its parts and
 * the whole identifier as one more term, so that both "max tokens" and "max_tokens" find it; a hyphenated word's
 * whole is written together ("Wi-Fi" also as "wifi"); camelCase splits the same way. Parts are lower-cased, stopwords dropped and the rest stemmed. Runs of Chinese or Japanese characters,
 * written without spaces, become overlapping character pairs.
 */

const wordPattern = /[\p{L}\p{M}\p{N}]+(?:[._\-/:][\p{L}\p{M}\p{N}]+)*/gu;
const separatorPattern = /[._\-/:]/;
const camelCasePattern = /\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?\p{Ll}+|\p{Lu}+|[^\p{Lu}\p{Ll}]+/gu;
const caseChangePattern = /\p{Ll}\p{Lu}|\p{Lu}\p{Lu}\p{Ll}/u;
const spacelessScriptPattern = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const latinAccentPattern = /(\p{Script=Latin})\p{M}+/gu;
const longestCompound = 64;
/**
 * A hyphenated word's whole is its parts written together, as people type it ("Wi-Fi" is "wifi", "e-mails" is
 * "email", stemmed like any word); an identifier with digits, "_", ".", "/" or ":" stays as it is written.
 */
const hyphenatedWordPattern = /^\p{L}+(?:-\p{L}+)+$/u;

function normalizeText(text: string): string {
  return text.normalize("NFKD").replace(latinAccentPattern, "$1").normalize("NFKC");
}

function splitCompound(match: string): string[] {
  const parts: string[] = [];
  for (const piece of match.split(separatorPattern)) {
    if (caseChangePattern.test(piece)) parts.push(...(piece.match(camelCasePattern) ?? [piece]));
    else parts.push(piece);
  }
  return parts;
}

function addCharacterPairs(run: string, terms: string[]): void {
  const characters = Array.from(run);
  if (characters.length === 1) terms.push(run);
  for (let index = 0; index + 1 < characters.length; index++) {
    terms.push(`${characters[index]}${characters[index + 1]}`);
  }
}

function addPart(part: string, terms: string[], words?: string[]): void {
  const lower = part.toLowerCase();
  if (stopwords.has(lower)) return;
  if (spacelessScriptPattern.test(lower)) {
    const before = terms.length;
    addCharacterPairs(lower, terms);
    words?.push(...terms.slice(before));
  } else if (lower.length > 1 || /\p{N}/u.test(lower)) {
    terms.push(stemWord(lower));
    words?.push(lower);
  }
}

function collectTerms(text: string, terms: string[], words?: string[]): void {
  for (const match of normalizeText(text).matchAll(wordPattern)) {
    const word = match[0];
    const parts = splitCompound(word);
    const before = terms.length;
    for (const part of parts) addPart(part, terms, words);
    // The whole identifier only when its parts carried a term: "e.g." and "i.e." are not identifiers.
    if (parts.length > 1 && terms.length > before && word.length <= longestCompound) {
      const lower = word.toLowerCase();
      const joined = hyphenatedWordPattern.test(lower) ? lower.replace(/-/g, "") : lower;
      terms.push(joined === lower ? lower : stemWord(joined));
      words?.push(joined);
    }
  }
}

/** The index terms of a text, in order: stems of its words, plus each identifier as a whole. */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  collectTerms(text, terms);
  return terms;
}

/** The same terms as tokenize, each with the lower-case word it came from ("days" -> "dai"). */
export function tokenizeWords(text: string): Array<{ word: string; term: string }> {
  const terms: string[] = [];
  const words: string[] = [];
  collectTerms(text, terms, words);
  return terms.map((term, index) => ({ term, word: words[index] ?? term }));
}
