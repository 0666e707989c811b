import type { AnswerDependencies } from "../src/answer/answer-dependencies.js";
import type { AnswerOutcome, Question } from "../src/answer/answer-types.js";
import {
  buildExtractiveAnswer,
  closestIntroduction,
  excerptsIntroduction,
  notCoveredSentence,
  tentativeIntroduction,
} from "../src/answer/extractive-answer.js";
import { earlierQuestions, helpsToLean } from "../src/answer/find-answer.js";
import { joinParts } from "../src/answer/judge-parts.js";
import { candidateCount, type Judged, judgeHits } from "../src/answer/search-and-judge.js";
import { analyseQuestion } from "../src/understanding/analyse-question.js";
import { readConversation } from "../src/understanding/read-conversation.js";
import { separateQuestions } from "../src/understanding/separate-questions.js";
import { correctText } from "../src/understanding/spelling/correct-text.js";

/**
 * The answer path without a model (answerQuestion with engine null: find-answer.ts, judge-parts.ts,
 * search-and-judge.ts, the extractive reply), step for step with the same functions, each step timed into a stage:
 *   spelling   correctText of the question and the earlier questions (and fetching the generation's vocabulary)
 *   reading    readConversation and separateQuestions: which context, which parts
 *   understand analyseQuestion of each text searched, of the whole message when parts are joined, and of the
 *              question as typed when it has no history (standalone-question.ts reads it so)
 *   retrieve   KnowledgeBase.search (query embedding, vector and keyword search, fusion), once per search
 *   rank       judgeHits: the candidates ranked sentence by sentence, coverage, the unmentioned-word check
 *   quote      the reply's text (buildExtractiveAnswer or the decline)
 * query-overhead-measure.ts checks that its replies equal answerQuestion's, so that a change of the real path
 * cannot leave this copy of its steps behind unnoticed.
 */
export const pathStages = ["spelling", "reading", "understand", "retrieve", "rank", "quote"] as const;
export type PathStage = (typeof pathStages)[number];

export interface StagedAnswer {
  text: string;
  outcome: AnswerOutcome;
  searches: number;
  /** Milliseconds per stage for this question, wall clock. */
  stages: Record<PathStage, number>;
  /** The same in CPU time of the process (what a busy machine's other work does not add). */
  cpu: Record<PathStage, number>;
}

export async function answerInStages(
  question: Question,
  dependencies: AnswerDependencies,
): Promise<StagedAnswer> {
  const zero = () => Object.fromEntries(pathStages.map((stage) => [stage, 0])) as Record<PathStage, number>;
  const [stages, cpu] = [zero(), zero()];
  let searches = 0;
  const timed = <T>(stage: PathStage, run: () => T): T => {
    const [started, cpuStarted] = [performance.now(), process.cpuUsage()];
    try {
      return run();
    } finally {
      stages[stage] += performance.now() - started;
      cpu[stage] += cpuMilliseconds(process.cpuUsage(cpuStarted));
    }
  };
  const timedAsync = async <T>(stage: PathStage, run: () => Promise<T>): Promise<T> => {
    const [started, cpuStarted] = [performance.now(), process.cpuUsage()];
    try {
      return await run();
    } finally {
      stages[stage] += performance.now() - started;
      cpu[stage] += cpuMilliseconds(process.cpuUsage(cpuStarted));
    }
  };
  const { knowledge, settings } = dependencies;
  const { scopes } = question;

  const judgeOne = async (text: string, context: readonly string[]): Promise<Judged> => {
    const asked = timed("understand", () => analyseQuestion(text, context));
    searches++;
    const hits = await timedAsync("retrieve", () =>
      knowledge.search(asked.searchText, { k: candidateCount(settings), scopes }),
    );
    return timed("rank", () => judgeHits(asked, hits, dependencies));
  };
  const judge = async (text: string, context: readonly string[]): Promise<Judged> => {
    const parts = timed("reading", () => separateQuestions(text));
    if (parts.length < 2) return judgeOne(text, context);
    const judged: Judged[] = [];
    for (const [index, part] of parts.entries()) {
      const rest = parts.filter((_, other) => other !== index).join(" ");
      judged.push(await judgeOne(part, [rest, ...context]));
    }
    return timed("understand", () => joinParts(text, context, judged)) ?? judgeOne(text, context);
  };

  // readForSearch (standalone-question.ts) reads a question without history as it is, before spelling.
  if ((question.history ?? []).length === 0) timed("understand", () => analyseQuestion(question.text, []));
  const vocabulary = await timedAsync("spelling", () => knowledge.vocabulary());
  const read = (text: string) => timed("spelling", () => correctText(text, vocabulary).text);
  const text = read(question.text);
  const earlier = earlierQuestions(question.history ?? []).map(read);
  const reading = timed("reading", () => readConversation(text, earlier));
  const first = await judge(text, reading.leaning === "leans" ? reading.context : []);
  let found = first;
  if (reading.leaning === "maybe" && first.coverage.level !== "answers") {
    const withContext = await judge(text, reading.context);
    found = helpsToLean(withContext, first) ? withContext : first;
  }
  const reply = timed("quote", () => quote(found, question.scopes ?? null, dependencies));
  return { ...reply, searches, stages, cpu };
}

export function cpuMilliseconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/** answerQuestion's reply without an engine. */
function quote(
  { ranked, coverage, unmentioned, leading }: Judged,
  scopes: readonly string[] | null,
  { links }: AnswerDependencies,
): { text: string; outcome: AnswerOutcome } {
  if (coverage.level === "unrelated")
    return { text: notCoveredSentence(scopes, unmentioned), outcome: "not-covered" };
  if (coverage.level === "answers") {
    const introduction = coverage.sure ? excerptsIntroduction : tentativeIntroduction;
    return {
      text: buildExtractiveAnswer(ranked, links, { introduction, leading }).text,
      outcome: "excerpts",
    };
  }
  const closest = buildExtractiveAnswer(ranked, links, { introduction: closestIntroduction });
  return { text: closest.text, outcome: "closest-passages" };
}
