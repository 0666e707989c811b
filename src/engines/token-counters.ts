import path from "node:path";
import type { TokenCounter } from "./chat-engine.js";
import type { ModelProvider } from "./engine-profiles.js";
import { isLlama2Model } from "./engine-profiles.js";

/**
 * Token counters matched to each engine's model, so that a prompt is budgeted in the model's own tokens.
 * Tokenizer tables are large (o200k_base is several MB), so each is imported only when an engine needs it.
 */

/**
 * Counts text tokens without the BOS token, as the prompt budget adds per-message costs separately.
 * Exact and fast: Llama 2's SentencePiece vocabulary has no piece with "▁" (a space) after its first character other
 * than runs of "▁", and none with a newline, so no merge crosses the start of a space run. A text is therefore counted
 * as the sum of its words (each with the spaces before it), and words are remembered: the JavaScript tokenizer takes
 * about 10 ms per 1,000 characters, a remembered word a map look-up. The tests check the sum against whole-text
 * encoding on real documents.
 */
export async function createLlama2TokenCounter(): Promise<TokenCounter> {
  const { default: tokenizer } = await import("llama-tokenizer-js");
  const countWord = memoiseCounts((word) => tokenizer.encode(word, false, false).length, 50_000);
  return { id: "llama", count: (text) => (text === "" ? 0 : countWordByWord(` ${text}`, countWord)) };
}

/** Splits before every run of spaces (the tokenizer's "▁") and sums the words' counts. */
function countWordByWord(spaced: string, countWord: (word: string) => number): number {
  let total = 0;
  let start = 0;
  for (let index = 1; index < spaced.length; index++) {
    if (spaced.charCodeAt(index) === 32 && spaced.charCodeAt(index - 1) !== 32) {
      total += countWord(spaced.slice(start, index));
      start = index;
    }
  }
  return total + countWord(spaced.slice(start));
}

/** o200k_base for GPT-4o, GPT-4.1, GPT-5 and the o-series; cl100k_base for older OpenAI models. */
export async function createTiktokenCounter(model: string): Promise<TokenCounter> {
  const { Tiktoken } = await import("js-tiktoken/lite");
  const name = usesO200k(model) ? "o200k_base" : "cl100k_base";
  const { default: ranks } =
    name === "o200k_base"
      ? await import("js-tiktoken/ranks/o200k_base")
      : await import("js-tiktoken/ranks/cl100k_base");
  const encoding = new Tiktoken(ranks);
  return { id: `tiktoken:${name}`, count: (text) => encoding.encode(text).length };
}

/** A GGUF's own tokenizer, through node-llama-cpp's model.tokenize. */
export function createGgufTokenCounter(
  modelPath: string,
  tokenize: (text: string) => readonly unknown[],
): TokenCounter {
  return { id: `gguf:${path.basename(modelPath)}`, count: (text) => tokenize(text).length };
}

/**
 * For models whose tokenizer is not at hand (Anthropic, unknown models): an over-estimate. Letters and spaces
 * cost a third of a token (English runs about four characters a token), ASCII punctuation half a token;
 * digits, line breaks and every character of a word with digits a whole token (Llama splits each digit);
 * other characters a token per UTF-8 byte (byte fallback); then 10% and 4 tokens more. On the 18F handbook
 * it counts 1.6 times Llama 2's tokens (never less than 1.24 times on a page).
 */
export const estimateTokenCounter: TokenCounter = { id: "estimate", count: estimateTokens };

export function estimateTokens(text: string): number {
  if (text === "") return 0;
  let light = 0;
  let punctuation = 0;
  let heavy = 0;
  for (const word of text.split(/(\s+)/)) {
    // Letters mixed with digits (hashes, ids, part numbers) split into about a token per character.
    const mixed = /\d/.test(word);
    for (const character of word) {
      const code = character.codePointAt(0) ?? 0;
      if (code === 32 || (!mixed && isAsciiLetter(code))) light++;
      else if (!mixed && isAsciiPunctuation(code)) punctuation++;
      else heavy += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    }
  }
  return Math.ceil((light / 3 + punctuation / 2 + heavy) * 1.1) + 4;
}

/** Markdown's runs (##, **, ](, ://) merge into fewer tokens than characters. */
function isAsciiPunctuation(code: number): boolean {
  return (
    (code >= 33 && code <= 47) ||
    (code >= 58 && code <= 64) ||
    (code >= 91 && code <= 96) ||
    (code >= 123 && code <= 126)
  );
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** The counter for a model served over HTTP (the in-process engine uses its GGUF's own). */
export async function chooseTokenCounter(provider: ModelProvider, model: string): Promise<TokenCounter> {
  if (provider === "openai" || /^gpt-|(^|\/)o[1345](-|$)/.test(model)) return createTiktokenCounter(model);
  if (provider !== "anthropic" && isLlama2Model(model)) return createLlama2TokenCounter();
  return estimateTokenCounter;
}

function usesO200k(model: string): boolean {
  return /gpt-4o|gpt-4\.1|gpt-5|chatgpt-4o|(^|\/)o[1345](-|$)/.test(model);
}

/** Remembers counts per text in a bounded map (cleared when full). */
function memoiseCounts(count: (text: string) => number, limit = 5_000): (text: string) => number {
  const counts = new Map<string, number>();
  return (text) => {
    const known = counts.get(text);
    if (known !== undefined) return known;
    const result = count(text);
    if (counts.size >= limit) counts.clear();
    counts.set(text, result);
    return result;
  };
}
