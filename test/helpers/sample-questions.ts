import { readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "./run-docent.js";

/** One question of test/fixtures/sample-questions.json (about the sample handbook in data/docs). */
export interface SampleQuestion {
  id: string;
  question: string;
  expectedSource: string | null;
  scope: string | null;
  expectedPhrase: string | null;
  page: number | null;
}

export function readSampleQuestions(): SampleQuestion[] {
  const file = path.join(projectRoot, "test/fixtures/sample-questions.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { questions: SampleQuestion[] }).questions;
}
