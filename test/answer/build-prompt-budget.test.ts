import { describe, expect, it } from "vitest";
import type { HistoryTurn } from "../../src/answer/answer-types.js";
import { buildPrompt } from "../../src/answer/build-prompt.js";
import { truncationMarker } from "../../src/answer/fit-to-budget.js";
import { neutraliseSourceText } from "../../src/answer/neutralise-source-text.js";
import type { SearchHit } from "../../src/documents/chunk.js";
import type { TokenCounter } from "../../src/engines/chat-engine.js";
import { createLlama2TokenCounter } from "../../src/engines/token-counters.js";
import { createRandom, makeHit, makeProfile, makeSentences, wordCounter } from "./answer-fixtures.js";

const windows = [
  { contextWindow: 4096, maxAnswerTokens: 512 },
  { contextWindow: 8192, maxAnswerTokens: 1024 },
  { contextWindow: 128_000, maxAnswerTokens: 4096 },
];

function generate(seed: number, maxSentences: number) {
  const random = createRandom(seed);
  const hits: SearchHit[] = Array.from({ length: 1 + Math.floor(random() * 12) }, (_, index) =>
    makeHit(`docs/source-${index}.md`, makeSentences(random, 5 + Math.floor(random() * maxSentences)), {
      page: index,
    }),
  );
  const history: HistoryTurn[] = Array.from({ length: Math.floor(random() * 14) }, (_, index) => ({
    author: (["user", "assistant", "other"] as const)[index % 3] ?? "user",
    name: "Dana",
    text: makeSentences(random, 1 + Math.floor(random() * 120)),
  }));
  const question = makeSentences(random, 1 + Math.floor(random() * 3));
  return { hits, history, question };
}

function sourceBodies(content: string): string[] {
  return [...content.matchAll(/<source id="\d+"[^>]*>\n([\s\S]*?)\n<\/source>/g)].map(
    (match) => match[1] ?? "",
  );
}

function checkBudget(counter: TokenCounter, seeds: number, maxSentences: number) {
  const seen = { historyTrimmedOnly: 0, sourcesDropped: 0, sourceCut: 0, untouched: 0 };
  for (let seed = 1; seed <= seeds; seed++) {
    const { hits, history, question } = generate(seed, maxSentences);
    for (const window of windows) {
      const profile = makeProfile(window.contextWindow, window.maxAnswerTokens, 5);
      const built = buildPrompt({ question, history, hits, profile, counter });
      const recount = built.messages.reduce((sum, message) => sum + counter.count(message.content) + 5, 0);
      const context = `seed ${seed}, window ${window.contextWindow}`;
      // promptTokens is an upper bound of the exact count of the assembled messages, and stays close to it.
      expect(recount, context).toBeLessThanOrEqual(built.promptTokens);
      expect(built.promptTokens - recount, context).toBeLessThanOrEqual(4 * (built.sources.length + 3));
      expect(built.promptTokens + profile.maxAnswerTokens, context).toBeLessThanOrEqual(
        profile.contextWindow,
      );
      // History goes before any source: a dropped or cut source means no history is left.
      if (built.sources.length < hits.length || built.truncatedSources > 0) {
        expect(built.droppedHistory, context).toBe(history.length);
      }
      expect(built.messages).toHaveLength(2 + history.length - built.droppedHistory);
      expect(built.sources).toEqual(hits.slice(0, built.sources.length));
      expect(built.droppedSources).toBe(hits.length - built.sources.length);
      if (built.truncatedSources > 0) seen.sourceCut++;
      if (built.droppedSources > 0) seen.sourcesDropped++;
      if (built.truncatedSources === 0 && built.droppedSources === 0) {
        if (built.droppedHistory > 0) seen.historyTrimmedOnly++;
        else seen.untouched++;
      }
      const final = built.messages.at(-1)?.content ?? "";
      expect(final, context).toContain(`<question>\n${neutraliseSourceText(question)}\n</question>`);
      const bodies = sourceBodies(final);
      expect(bodies).toHaveLength(built.sources.length);
      for (const [index, body] of bodies.entries()) {
        const original = hits[index]?.chunk.text ?? "";
        if (built.truncatedSources === 0 || index < bodies.length - 1) {
          expect(body, context).toBe(original);
          continue;
        }
        // Cut at a sentence boundary, with the marker.
        expect(body.endsWith(`. ${truncationMarker}`), context).toBe(true);
        expect(original.startsWith(body.slice(0, -truncationMarker.length - 1)), context).toBe(true);
      }
    }
  }
  return seen;
}

describe("buildPrompt budget", () => {
  it("fits every window for many generated inputs, trimming history before sources (word counter)", () => {
    const seen = checkBudget(wordCounter, 40, 400);
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(0);
  });

  it("fits every window with the real Llama 2 tokenizer", async () => {
    const seen = checkBudget(await createLlama2TokenCounter(), 6, 40);
    expect(seen.sourceCut + seen.sourcesDropped).toBeGreaterThan(0);
  }, 60_000);

  it("keeps everything when it fits, and trims the oldest history first", () => {
    const hits = [makeHit("a.md", "Short source one."), makeHit("b.md", "Short source two.")];
    const history: HistoryTurn[] = [
      { author: "user", text: makeSentences(createRandom(1), 40) },
      { author: "assistant", text: "A recent answer." },
    ];
    const roomy = buildPrompt({
      question: "Q?",
      history,
      hits,
      profile: makeProfile(4096, 512),
      counter: wordCounter,
    });
    expect([roomy.droppedHistory, roomy.sources.length, roomy.truncatedSources]).toEqual([0, 2, 0]);
    const tight = makeProfile(roomy.promptTokens + 512 - 10, 512);
    const trimmed = buildPrompt({ question: "Q?", history, hits, profile: tight, counter: wordCounter });
    expect([trimmed.droppedHistory, trimmed.sources.length, trimmed.truncatedSources]).toEqual([1, 2, 0]);
    expect(trimmed.messages[1]).toEqual({ role: "assistant", content: "A recent answer." });
  });

  it("cuts the only source at a sentence boundary, and a long question with a marker", () => {
    const text = makeSentences(createRandom(7), 200);
    const profile = makeProfile(1200, 256);
    const built = buildPrompt({
      question: "Q?",
      history: [],
      hits: [makeHit("a.md", text)],
      profile,
      counter: wordCounter,
    });
    expect(built.truncatedSources).toBe(1);
    expect(built.messages.at(-1)?.content).toMatch(/\. \[… excerpt truncated\]\n<\/source>/);
    const longQuestion = makeSentences(createRandom(8), 400);
    const squeezed = buildPrompt({
      question: longQuestion,
      history: [],
      hits: [],
      profile,
      counter: wordCounter,
    });
    expect(squeezed.promptTokens + 256).toBeLessThanOrEqual(1200);
    expect(squeezed.messages.at(-1)?.content).toMatch(/\. \[… excerpt truncated\]\n<\/question>/);
  });
});
