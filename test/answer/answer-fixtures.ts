import type { SearchHit } from "../../src/documents/chunk.js";
import type { EngineProfile, TokenCounter } from "../../src/engines/chat-engine.js";

/** One token per word and per punctuation character: deterministic, and not additive across joins. */
export const wordCounter: TokenCounter = {
  id: "words",
  count: (text) => text.match(/[\p{L}\p{N}_]+|[^\p{L}\p{N}_\s]/gu)?.length ?? 0,
};

export function makeHit(
  source: string,
  text: string,
  extra: {
    score?: number;
    vectorScore?: number | null;
    keywordScore?: number | null;
    page?: number | null;
  } = {},
): SearchHit {
  const title = source.replace(/^.*\//, "").replace(/\.\w+$/, "");
  return {
    chunk: {
      id: `${source}#0`,
      source,
      scope: source.includes("/") ? (source.split("/")[0] ?? "public") : "public",
      title,
      headingPath: [title, "Section"],
      page: extra.page ?? null,
      position: 0,
      text,
      contentHash: "0".repeat(32),
    },
    score: extra.score ?? 0.9,
    vectorScore: extra.vectorScore === undefined ? 0.4 : extra.vectorScore,
    keywordScore: extra.keywordScore === undefined ? 8 : extra.keywordScore,
  };
}

export function makeProfile(
  contextWindow: number,
  maxAnswerTokens: number,
  tokensPerMessage = 4,
): EngineProfile {
  return {
    provider: "test",
    model: "test",
    contextWindow,
    maxAnswerTokens,
    chatTuned: true,
    tokensPerMessage,
  };
}

/** A small deterministic generator (mulberry32), so property loops are reproducible. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const words = [
  "leave",
  "weeks",
  "salary",
  "policy",
  "manager",
  "office",
  "travel",
  "claim",
  "review",
  "team",
];

/** Sentences of random length from a small vocabulary, each ending with a period. */
export function makeSentences(random: () => number, count: number): string {
  const sentences: string[] = [];
  for (let index = 0; index < count; index++) {
    const length = 4 + Math.floor(random() * 20);
    const sentence = Array.from({ length }, () => words[Math.floor(random() * words.length)] ?? "team");
    sentences.push(`${sentence.join(" ").replace(/^\w/, (letter) => letter.toUpperCase())}.`);
  }
  return sentences.join(" ");
}
