import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  chooseTokenCounter,
  createLlama2TokenCounter,
  createTiktokenCounter,
  estimateTokenCounter,
} from "../../src/engines/token-counters.js";

const handbookDir = fileURLToPath(new URL("../../../shared/data/handbook-18f", import.meta.url));

/** Texts that are hard on an estimate: digits, code, URLs, whitespace runs, accents, CJK, emoji. */
const hardTexts = [
  "The quick brown fox jumps over the lazy dog.",
  "Invoice 2024-03-15: 1,234,567.89 USD due 30/04/2024; ref #A7F3-99Q2-XX81.",
  "function splitText(text: string): string[] {\n  return text.split(/\\n{2,}/).map((part) => part.trim());\n}",
  "https://example.com/handbook/benefits?section=leave&year=2024#parental-leave",
  "col1\tcol2\tcol3\n1\t2\t3\n\n\n    indented    spaces    ",
  "Café naïve façade résumé coöperate — “quoted” ‘text’ … ±½",
  "東京都の本社は月曜日から金曜日まで営業しています。",
  "🦙 Llamas 🦙 are 👍 great 🎉🎉🎉",
  "sha256:81f226c62d28ed4a1a9b9fa080fcd9f0cc40e0f9d5680036583ff98fbcd035cb",
  "a",
  " ",
  "\n",
];

describe("token counters", () => {
  it("counts with Llama 2's own SentencePiece tokenizer (without the BOS token)", async () => {
    const llama = await createLlama2TokenCounter();
    expect(llama.id).toBe("llama");
    // Llama 2 encodes "grabbed" as [1, 2646, 1327, 287] and "Hello world" as [1, 15043, 3186].
    expect(llama.count("grabbed")).toBe(3);
    expect(llama.count("Hello world")).toBe(2);
    expect(llama.count("")).toBe(0);
  });

  it("counts word by word exactly as the whole-text Llama 2 tokenizer does, on hard texts and real documents", async () => {
    const { default: tokenizer } = await import("llama-tokenizer-js");
    const llama = await createLlama2TokenCounter();
    const sampleDocs = fileURLToPath(new URL("../../data/docs", import.meta.url));
    const documents = readdirSync(sampleDocs, { recursive: true })
      .map(String)
      .filter((name) => name.endsWith(".md"))
      .map((name) => readFileSync(path.join(sampleDocs, name), "utf8"));
    const texts = [...hardTexts, "two  spaces", "   leading", "trailing   ", "a\n  b\n\n\tc", ...documents];
    expect(documents.length).toBeGreaterThan(10);
    for (const text of texts)
      expect(llama.count(text), text.slice(0, 40)).toBe(tokenizer.encode(text, false).length);
  });

  it("counts OpenAI models with tiktoken: o200k_base for GPT-4o, cl100k_base for GPT-4", async () => {
    const o200k = await createTiktokenCounter("gpt-4o-mini");
    const cl100k = await createTiktokenCounter("gpt-4");
    expect([o200k.id, cl100k.id]).toEqual(["tiktoken:o200k_base", "tiktoken:cl100k_base"]);
    // OpenAI's cookbook: "tiktoken is great!" is 6 tokens in both encodings; "antidisestablishmentarianism" differs.
    expect(o200k.count("tiktoken is great!")).toBe(6);
    expect(cl100k.count("tiktoken is great!")).toBe(6);
    expect((await createTiktokenCounter("o3-mini")).id).toBe("tiktoken:o200k_base");
  });

  it("chooses the counter by provider and model", async () => {
    const ids = await Promise.all([
      chooseTokenCounter("ollama", "llama2"),
      chooseTokenCounter("openai-compatible", "meta-llama/Llama-2-7b-chat-hf"),
      chooseTokenCounter("openai", "gpt-4.1"),
      chooseTokenCounter("anthropic", "claude-3-5-haiku-latest"),
      chooseTokenCounter("ollama", "mistral"),
    ]);
    expect(ids.map((counter) => counter.id)).toEqual([
      "llama",
      "llama",
      "tiktoken:o200k_base",
      "estimate",
      "estimate",
    ]);
  });

  it("estimates at least as many tokens as Llama 2 counts, on hard texts and on the handbook", async () => {
    const llama = await createLlama2TokenCounter();
    const handbook = existsSync(handbookDir)
      ? readdirSync(handbookDir, { recursive: true, encoding: "utf8" })
          .filter((name) => name.endsWith(".md"))
          .slice(0, 80)
          .map((name) => readFileSync(path.join(handbookDir, name), "utf8"))
      : [];
    const under = [...hardTexts, ...handbook].filter(
      (text) => estimateTokenCounter.count(text) < llama.count(text),
    );
    expect(under).toEqual([]);
    expect(estimateTokenCounter.count("")).toBe(0);
    // "The quick brown fox...": 43 letters and spaces, 1 full stop -> ceil((43/3 + 1) * 1.1) + 4.
    expect(estimateTokenCounter.count(hardTexts[0] ?? "")).toBe(21);
  });
});
