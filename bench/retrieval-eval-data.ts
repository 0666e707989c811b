import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The retrieval eval set in ../shared (see its SOURCE.txt): documentation sections and questions. */
export interface EvalSection {
  chunk_link: string;
  chunk_heading: string;
  text: string;
}

export interface EvalQuestion {
  id: string;
  question: string;
  correct_chunks: string[];
}

export interface EvalSet {
  sections: EvalSection[];
  questions: EvalQuestion[];
}

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const evalDirectory = resolve(repositoryRoot, "../shared/data/eval-anthropic-docs");

export function loadEvalSet(): EvalSet {
  const sectionsPath = join(evalDirectory, "anthropic_docs.json");
  const questionsPath = join(evalDirectory, "docs_evaluation_dataset.json");
  if (!existsSync(sectionsPath) || !existsSync(questionsPath)) {
    console.error(`The retrieval eval set is missing: expected ${sectionsPath} and ${questionsPath}.`);
    console.error("It lives in ../shared next to the repository; without it there is nothing to score.");
    process.exit(1);
  }
  return {
    sections: JSON.parse(readFileSync(sectionsPath, "utf8")) as EvalSection[],
    questions: JSON.parse(readFileSync(questionsPath, "utf8")) as EvalQuestion[],
  };
}

/** The Markdown document written for a section: its heading as the title line, then its text. */
export function sectionMarkdown(section: EvalSection): string {
  return `# ${section.chunk_heading}\n\n${section.text}`;
}
