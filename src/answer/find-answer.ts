import { type AnalysedQuestion, analyseQuestion } from "../understanding/analyse-question.js";
import { readConversation } from "../understanding/read-conversation.js";
import type { AnswerDependencies } from "./answer-question.js";
import type { HistoryTurn, Question, SearchedAs } from "./answer-types.js";
import { type RankedUnit, rankUnits, unmentionedFocus } from "./rank-units.js";
import { type CoverageJudgement, judgeCoverage } from "./relevance-gate.js";
import { readForSearch } from "./standalone-question.js";

/** Passages retrieved per source the prompt may hold, so that ranking by sentence has enough to choose from. */
const candidatesPerSource = 5;
const minimumCandidates = 30;

export interface FoundAnswer {
  asked: AnalysedQuestion;
  ranked: RankedUnit[];
  coverage: CoverageJudgement;
  /** The word asked about that no passage found mentions, when that is why nothing related was found. */
  unmentioned: string | null;
  /** How the question was read for the search (alone, rewritten by the model, with its conversation). */
  searchedAs: SearchedAs;
}

type Judged = Omit<FoundAnswer, "searchedAs">;

/**
 * Understand, retrieve, rank and judge. With a chat model, a question with a conversation before it is rewritten
 * by the model as one that stands alone (standalone-question.ts). Without one, or when the model is slow, down or
 * unusable, the offline reading decides (read-conversation.ts): a question that stands on its own is searched
 * alone; a follow-up with the earlier questions it leans on; one that points back but says enough to stand alone
 * ("can I keep it?" after naming the gift) alone first, and with its context only when alone it finds no answer
 * and the context finds a better one.
 */
export async function findAnswer(question: Question, dependencies: AnswerDependencies): Promise<FoundAnswer> {
  const { asked, searchedAs } = await readForSearch(question, {
    engine: dependencies.engine,
    timeoutMs: dependencies.rewriteTimeoutMs,
    logger: dependencies.logger,
  });
  if (asked !== null) return { ...(await searchAndJudge(asked, question, dependencies)), searchedAs };
  const reading = readConversation(question.text, earlierQuestions(question.history ?? []));
  const first = await searchAndJudge(
    analyseQuestion(question.text, reading.leaning === "leans" ? reading.context : []),
    question,
    dependencies,
  );
  if (reading.leaning !== "maybe" || first.coverage.level === "answers") return { ...first, searchedAs };
  const withContext = await searchAndJudge(
    analyseQuestion(question.text, reading.context),
    question,
    dependencies,
  );
  return { ...(helpsToLean(withContext, first) ? withContext : first), searchedAs };
}

/**
 * The context helps when the best sentence found with it says as much about the question asked now as the best one
 * found without it, and is a surer answer: "can the unused days roll over?" after a vacation question finds the
 * vacation carry-over rule; "do we get a day off on our birthday?" after a voting-leave question does not find the
 * voting-leave rule instead.
 */
function helpsToLean(withContext: Judged, alone: Judged): boolean {
  const own = (found: Judged) => found.ranked[0]?.ownCoverage ?? 0;
  return own(withContext) >= own(alone) && withContext.coverage.confidence > alone.coverage.confidence;
}

async function searchAndJudge(
  asked: AnalysedQuestion,
  question: Question,
  { knowledge, settings, engine }: AnswerDependencies,
): Promise<Judged> {
  const hits = await knowledge.search(asked.searchText, {
    k: Math.max(settings.topK * candidatesPerSource, minimumCandidates),
    scopes: question.scopes,
  });
  const ranked = rankUnits(asked, hits);
  const coverage = judgeCoverage(ranked, hits, settings.minRelevance);
  if (coverage.level === "answers") return { asked, ranked, coverage, unmentioned: null };
  // Without a model, not even related when what is asked about is a word the documents never use (a model may
  // know the documents' word for it: it reads what is related). A decline names that word.
  const unmentioned = unmentionedFocus(asked, hits);
  if (unmentioned !== null && engine === null) {
    return { asked, ranked, coverage: { ...coverage, level: "unrelated" }, unmentioned };
  }
  return { asked, ranked, coverage, unmentioned: coverage.level === "unrelated" ? unmentioned : null };
}

/** The asker's and other people's earlier messages (not the bot's answers), which a follow-up leans on. */
export function earlierQuestions(history: readonly HistoryTurn[]): string[] {
  return history.filter((turn) => turn.author !== "assistant").map((turn) => turn.text);
}
