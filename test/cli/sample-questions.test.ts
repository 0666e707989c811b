import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../../src/answer/answer-question.js";
import { createSourceLinker } from "../../src/answer/source-links.js";
import { loadConfig } from "../../src/config/config.js";
import { LocalEmbeddings } from "../../src/embeddings/local-embeddings.js";
import { createFileIndexStore } from "../../src/index-store/files/file-index-store.js";
import { KnowledgeBase } from "../../src/index-store/knowledge-base.js";
import { silentLogger } from "../../src/logging/logger.js";
import { ingestFolder } from "../helpers/ingest-fixture.js";
import { projectRoot } from "../helpers/run-docent.js";
import { readSampleQuestions } from "../helpers/sample-questions.js";
import { makeTempFolder } from "../helpers/temp-folder.js";

const questions = readSampleQuestions();
const settings = loadConfig({ environment: {}, envFile: null }).answers;
let knowledge: KnowledgeBase;

beforeAll(async () => {
  const indexDir = path.join(await makeTempFolder(), "index");
  const embedder = new LocalEmbeddings();
  await ingestFolder(path.join(projectRoot, "data/docs"), indexDir, embedder, {
    chunking: { chunkSize: 1000, chunkOverlap: 150 },
  });
  knowledge = new KnowledgeBase(createFileIndexStore(indexDir), embedder, silentLogger);
}, 60_000);

const ask = (text: string, scopes?: readonly string[]) =>
  answerQuestion(
    { text, scopes },
    { knowledge, engine: null, settings, links: createSourceLinker(settings), logger: silentLogger },
  );

describe("the sample handbook's questions (extractive engine, default settings)", () => {
  it("finds the expected document for nearly every answerable question", async () => {
    const answerable = questions.filter((question) => question.expectedSource !== null);
    const missed: string[] = [];
    for (const question of answerable) {
      const answer = await ask(question.question);
      const cited = answer.citations.map((citation) => citation.source);
      if (!cited.includes(question.expectedSource as string)) missed.push(question.id);
    }
    // Measured: 3 of 35 miss with the local embedder and extractive engine (q14, q16, q20: cited passages come
    // from other documents). The bound catches a regression in loading, splitting, retrieval or the gate.
    expect(missed.length, `missed: ${missed.join(", ")}`).toBeLessThanOrEqual(3);
  });

  it("says the documents don't cover the questions no document answers", async () => {
    const answered: string[] = [];
    for (const question of questions.filter((candidate) => candidate.expectedSource === null)) {
      const answer = await ask(question.question);
      if (answer.outcome !== "not-covered" && answer.outcome !== "closest-passages")
        answered.push(question.id);
    }
    // Measured: 3 of the 4 are declined. q36 ("Does Quokkaline provide company cars?") is answered with the
    // sentence on "company card reconciliation": "Quokkaline" and "company" are in it, "cars" (a common word in
    // everyday English, so a light one) is not. A gate strict enough to decline it also declines answerable questions
    // asked in people's own words (BENCHMARKS.md, "Answers people actually get").
    expect(answered.length, `answered: ${answered.join(", ")}`).toBeLessThanOrEqual(1);
  });

  it("never cites a source outside the scopes a conversation may see, for every question", async () => {
    for (const scopes of [["public"], ["public", "engineering"], ["hr"]]) {
      for (const question of questions) {
        const answer = await ask(question.question, scopes);
        for (const citation of answer.citations) expect(scopes, question.id).toContain(citation.scope);
      }
    }
  });
});
