import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileIndexStore } from "../../../src/index-store/files/file-index-store.js";
import { KnowledgeBase } from "../../../src/index-store/knowledge-base.js";
import { silentLogger } from "../../../src/logging/logger.js";
import { KeywordIndex } from "../../../src/retrieval/keyword-index.js";
import type { Vocabulary } from "../../../src/retrieval/vocabulary.js";
import { tokenizeWords } from "../../../src/text/tokenize.js";
import { englishWordCounts } from "../../../src/understanding/english-frequency.js";
import {
  correctWord,
  correctWords,
  frequentUses,
  type SpellingResult,
} from "../../../src/understanding/spelling/correct-spelling.js";
import { CountingEmbedder } from "../../helpers/counting-embedder.js";
import { ingestFolder } from "../../helpers/ingest-fixture.js";
import { projectRoot } from "../../helpers/run-docent.js";
import { sampleDocsDir } from "../../helpers/sample-index.js";

const handbookPages = path.resolve(projectRoot, "../shared/data/handbook-18f/pages");
const handbookMissing = !existsSync(handbookPages);
if (handbookMissing) {
  console.warn(
    `18F handbook tests skipped: ${handbookPages} is absent (../shared is not beside this checkout)`,
  );
}

function markdownTexts(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return markdownTexts(file);
    return name.endsWith(".md") ? [readFileSync(file, "utf8")] : [];
  });
}

/** The reading of each word: its correction, or its status when left alone. */
function readings(words: string[], vocabulary: Vocabulary): Record<string, string> {
  return Object.fromEntries(
    correctWords(words, vocabulary).map((result) => [result.word, result.correction ?? result.status]),
  );
}

// The sample documents (Markdown, HTML, a PDF, a Word file) through the real ingest, read back from the index.
let sampleIndex = "";
let sample: Vocabulary;
beforeAll(async () => {
  sampleIndex = await mkdtemp(path.join(tmpdir(), "docent-spelling-"));
  const embedder = new CountingEmbedder();
  const store = createFileIndexStore(sampleIndex);
  await ingestFolder(sampleDocsDir, "", embedder, { store });
  sample = await new KnowledgeBase(store, embedder, silentLogger).vocabulary();
}, 60_000);
afterAll(async () => {
  await rm(sampleIndex, { recursive: true, force: true });
});

describe("correctWords, against the sample documents' index", () => {
  it("reads the issue's typos as the words the documents use", () => {
    expect(
      readings(["hearin", "servises", "docters", "Helth", "gendr", "vaccation", "carnaval"], sample),
    ).toEqual({
      hearin: "hearing",
      servises: "services",
      docters: "doctors",
      Helth: "health",
      gendr: "gender",
      vaccation: "vacation",
      carnaval: "carnival",
    });
    const types = correctWord("typs", sample);
    expect(types).toMatchObject({ status: "corrected", term: "type", inDocuments: true });
    expect(types.alternatives?.length).toBeGreaterThan(0);
    for (const result of correctWords(["hearin", "servises", "docters", "vaccation"], sample)) {
      expect(result.confidence, result.word).toBeGreaterThanOrEqual(0.85);
    }
  });

  it("reads a misspelled name of the documents, known to the index only by its stem", () => {
    expect(correctWord("Quokaline", sample)).toMatchObject({
      status: "corrected",
      correction: "quokkaline",
      term: "quokkalin",
      inDocuments: true,
    });
    expect(correctWord("Paddok", sample)).toMatchObject({ correction: "paddock", inDocuments: true });
  });

  it("leaves a misspelling alone when the documents hold its term already", () => {
    // "insurence" and "insurance" are both "insur": the search finds it as it is.
    expect(correctWord("insurence", sample).status).toBe("in-documents");
  });

  it("never corrects a word the documents use", () => {
    const words = new Set(
      markdownTexts(sampleDocsDir).flatMap((text) => tokenizeWords(text).map((found) => found.word)),
    );
    expect(words.size).toBeGreaterThan(1000);
    const corrected = correctWords([...words], sample).filter((result) => result.status === "corrected");
    expect(corrected.map((result) => result.word)).toEqual([]);
  });

  it("never corrects a frequent English word into another, present in the documents or not", () => {
    const frequent = [...englishWordCounts()]
      .filter(([word, count]) => count >= frequentUses && /^[a-z]+$/.test(word))
      .map(([word]) => word);
    expect(frequent.length).toBeGreaterThan(20_000);
    const corrected = correctWords(frequent, sample).filter((result) => result.status === "corrected");
    expect(corrected.map((result) => `${result.word} -> ${result.correction}`)).toEqual([]);
    expect(readings(["form", "from", "leave", "leaves", "manger"], sample)).toEqual({
      form: "in-documents",
      from: "english",
      leave: "in-documents",
      leaves: "in-documents",
      manger: "english",
    });
  });

  it("corrects a rare English word only into a much more used one the documents hold, or a stopword", () => {
    // SUBTLEX has "calender" 3 times and "calendar" hundreds; "untill" 15 times and "until" 15,426 (a stopword:
    // no index holds it, and the search ignores it); "zugzwang" once, with no word near it.
    expect(correctWord("calender", sample)).toMatchObject({ correction: "calendar", inDocuments: true });
    const until = correctWord("untill", sample);
    expect(until).toMatchObject({ correction: "until", inDocuments: false });
    expect(until.confidence).toBeGreaterThan(0.6);
    expect(correctWord("zugzwang", sample).status).toBe("english");
  });

  it("reads a misspelled stopword as the stopword, not as a word of some passage", () => {
    // "tier" and "their" are both one edit from "thier"; only "tier" is indexed, but "their" is the word.
    expect(correctWord("thier", sample)).toMatchObject({ correction: "their" });
    expect(correctWord("abiut", sample)).toMatchObject({ correction: "about" });
  });

  it("offers a word only English has, with a low confidence, and says so", () => {
    const result = correctWord("accomodation", sample);
    expect(result).toMatchObject({ correction: "accommodation", inDocuments: false });
    expect(result.confidence).toBeLessThan(0.5);
  });

  it("does not look at numbers, code, URLs, acronyms, inner capitals or short words", () => {
    const skipped = [
      "2026",
      "p99",
      "max_tokens",
      "paddock-api",
      "https://example.com",
      "GDPR",
      "iPad",
      "pto",
      "Wi-Fi",
    ];
    for (const result of correctWords(skipped, sample))
      expect(result, result.word).toEqual<SpellingResult>({
        word: result.word,
        status: "skipped",
        confidence: 0,
      });
  });

  it("reads a long word in capitals as shouted, not as an acronym", () => {
    expect(correctWord("VACCATION", sample)).toMatchObject({ correction: "vacation", inDocuments: true });
    expect(correctWord("HIPAA", sample).status).toBe("skipped");
  });

  it("says when a word is neither the documents' nor English, with nothing close", () => {
    expect(correctWord("Zorblax", sample)).toEqual({ word: "Zorblax", status: "unknown", confidence: 0 });
  });
});

describe.skipIf(handbookMissing)("correctWords, against the 18F handbook's vocabulary", () => {
  const texts = handbookMissing ? [] : markdownTexts(handbookPages);
  const handbook = KeywordIndex.build(texts.map((text, label) => ({ label, text }))).vocabulary();

  it("reads typos of the handbook's words", () => {
    expect(
      readings(
        ["hearin", "servises", "docters", "Helth", "benifits", "paternaty", "emploee", "laptopp"],
        handbook,
      ),
    ).toEqual({
      hearin: "hearing",
      servises: "services",
      docters: "doctors",
      Helth: "health",
      benifits: "benefits",
      paternaty: "paternity",
      emploee: "employee",
      laptopp: "laptop",
    });
  });

  it("never corrects a word the handbook uses", () => {
    const words = new Set(texts.flatMap((text) => tokenizeWords(text).map((found) => found.word)));
    expect(words.size).toBeGreaterThan(10_000);
    const corrected = correctWords([...words], handbook).filter((result) => result.status === "corrected");
    expect(corrected.map((result) => result.word)).toEqual([]);
  });
});
