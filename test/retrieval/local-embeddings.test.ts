import { describe, expect, it } from "vitest";
import { LocalEmbeddings } from "../../src/embeddings/local-embeddings.js";

const cosine = (left: number[], right: number[]) =>
  left.reduce((sum, value, index) => sum + value * (right[index] ?? 0), 0);
const norm = (vector: number[]) => Math.sqrt(cosine(vector, vector));

describe("LocalEmbeddings", () => {
  it("names its version and dimensions and returns plain arrays of that length", async () => {
    const embedder = new LocalEmbeddings({ dimensions: 256 });
    expect(embedder.id).toBe("local:hashed-ngrams-v2:256");
    const vector = await embedder.embedQuery("How do I reset my password?");
    expect(Array.isArray(vector)).toBe(true);
    expect(vector).toHaveLength(256);
    expect(new LocalEmbeddings().id).toBe("local:hashed-ngrams-v2:384");
    expect(() => new LocalEmbeddings({ dimensions: 0 })).toThrow(RangeError);
  });

  it("is deterministic and does not depend on the other documents in a batch", async () => {
    const text = "Expense reports are due on the fifth of each month.";
    const [alone] = await new LocalEmbeddings().embedDocuments([text]);
    const [withOthers] = await new LocalEmbeddings().embedDocuments([text, "Something else entirely"]);
    expect(withOthers).toEqual(alone);
    expect(await new LocalEmbeddings().embedQuery(text)).toEqual(alone);
  });

  it("returns unit vectors, also for text without words", async () => {
    const embedder = new LocalEmbeddings();
    const vectors = await embedder.embedDocuments([
      "A short one.",
      "A much longer text ".repeat(40),
      "",
      "?!",
    ]);
    for (const vector of vectors) expect(norm(vector)).toBeCloseTo(1, 10);
  });

  it("puts related texts closer than unrelated ones", async () => {
    const embedder = new LocalEmbeddings();
    const [query, related, unrelated] = await embedder.embedDocuments([
      "How many vacation days do new employees get?",
      "New employees receive 20 days of paid vacation per year.",
      "Deploys to production run every Tuesday after code review.",
    ]);
    const closeness = cosine(query ?? [], related ?? []);
    expect(closeness).toBeGreaterThan(0.2);
    expect(closeness).toBeGreaterThan(cosine(query ?? [], unrelated ?? []) + 0.15);
  });

  it("matches word forms through stems and character n-grams", async () => {
    const embedder = new LocalEmbeddings();
    const [forms, other] = await embedder.embedDocuments(["evaluations of tokenizers", "holiday calendar"]);
    const base = await embedder.embedQuery("evaluate tokenizer");
    expect(cosine(base, forms ?? [])).toBeGreaterThan(0.5);
    expect(cosine(base, other ?? [])).toBeLessThan(0.2);
  });
});
