import type { SearchHit } from "../documents/chunk.js";
import type { AnalysedQuestion } from "../understanding/analyse-question.js";
import type { AnswerDependencies } from "./answer-dependencies.js";
import { type RankedUnit, rankUnits, unmentionedFocus } from "./rank-units.js";
import { type CoverageJudgement, judgeCoverage } from "./relevance-gate.js";

/** Passages retrieved per source the prompt may hold, so that ranking by sentence has enough to choose from. */
const candidatesPerSource = 5;
const minimumCandidates = 30;

export interface Judged {
  asked: AnalysedQuestion;
  ranked: RankedUnit[];
  coverage: CoverageJudgement;
  /** The word asked about that no passage found mentions, when that is why nothing related was found. */
  unmentioned: string | null;
  /** The units at the head of `ranked` that are always quoted: the best one, or the best one of each part asked. */
  leading: number;
}

/**
 * One question, retrieved, ranked sentence by sentence and judged: does a sentence of the passages found answer it,
 * is anything related, or is it about something the documents never mention.
 */
export async function searchAndJudge(
  asked: AnalysedQuestion,
  scopes: readonly string[] | undefined,
  dependencies: AnswerDependencies,
): Promise<Judged> {
  const { knowledge, settings } = dependencies;
  const hits = await knowledge.search(asked.searchText, { k: candidateCount(settings), scopes });
  return judgeHits(asked, hits, dependencies);
}

/** How many passages one search retrieves for ranking by sentence. */
export function candidateCount(settings: AnswerDependencies["settings"]): number {
  return Math.max(settings.topK * candidatesPerSource, minimumCandidates);
}

/** The passages found for a question, ranked sentence by sentence and judged (searchAndJudge after its search). */
export function judgeHits(
  asked: AnalysedQuestion,
  hits: readonly SearchHit[],
  { settings, engine }: Pick<AnswerDependencies, "settings" | "engine">,
): Judged {
  const ranked = rankUnits(asked, hits);
  const coverage = judgeCoverage(ranked, hits, settings.minRelevance);
  if (coverage.level === "answers") return { asked, ranked, coverage, unmentioned: null, leading: 1 };
  // Without a model, not even related when what is asked about is a word the documents never use (a model may
  // know the documents' word for it: it reads what is related). A decline names that word.
  const unmentioned = unmentionedFocus(asked, hits);
  if (unmentioned !== null && engine === null) {
    return { asked, ranked, coverage: { ...coverage, level: "unrelated" }, unmentioned, leading: 1 };
  }
  const notFound = coverage.level === "unrelated" ? unmentioned : null;
  return { asked, ranked, coverage, unmentioned: notFound, leading: 1 };
}
