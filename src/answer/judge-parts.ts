import { analyseQuestion } from "../understanding/analyse-question.js";
import { separateQuestions } from "../understanding/separate-questions.js";
import type { AnswerDependencies } from "./answer-dependencies.js";
import type { RankedUnit } from "./rank-units.js";
import { type Judged, searchAndJudge } from "./search-and-judge.js";

/**
 * A message, judged part by part when it asks several things ("How long is paid parental leave, and am I locked
 * into staying on afterwards?"): each part is searched and judged with the rest of the message as its context, so
 * that a short part ("is there a daily cap?") is read as part of its message. It answers when its parts do, with
 * the best sentence of each part quoted first (surely only when every part is answered). When no part is answered
 * on its own, the message is judged whole. `context` holds the earlier questions of the conversation it leans on.
 */
export async function judgeQuestion(
  text: string,
  context: readonly string[],
  scopes: readonly string[] | undefined,
  dependencies: AnswerDependencies,
): Promise<Judged> {
  const parts = separateQuestions(text);
  const whole = () => searchAndJudge(analyseQuestion(text, context), scopes, dependencies);
  if (parts.length < 2) return whole();
  const judged = await Promise.all(
    parts.map((part, index) => {
      const rest = parts.filter((_, other) => other !== index).join(" ");
      return searchAndJudge(analyseQuestion(part, [rest, ...context]), scopes, dependencies);
    }),
  );
  return joinParts(text, context, judged) ?? whole();
}

/**
 * The parts of a message, judged each, as one judgement: answered when a part is (surely only when every part
 * is), led by the best unit of each answered part. Null when no part is answered (the message is then judged
 * whole).
 */
export function joinParts(
  text: string,
  context: readonly string[],
  judged: readonly Judged[],
): Judged | null {
  const answered = judged.filter((part) => part.coverage.level === "answers");
  if (answered.length === 0) return null;
  const leaders = uniqueUnits(answered.map((part) => part.ranked[0]));
  const rest = judged
    .flatMap((part) => part.ranked)
    .filter((unit) => !leaders.includes(unit))
    .sort((left, right) => right.score - left.score);
  const confidence = Math.min(...answered.map((part) => part.coverage.confidence));
  return {
    asked: analyseQuestion(text, context),
    ranked: [...leaders, ...rest],
    coverage: {
      level: "answers",
      confidence,
      sure: answered.length === judged.length && answered.every((part) => part.coverage.sure),
    },
    unmentioned: null,
    leading: leaders.length,
  };
}

/** The best units of the parts, each sentence once (two parts may be answered by the same sentence). */
function uniqueUnits(units: ReadonlyArray<RankedUnit | undefined>): RankedUnit[] {
  const unique: RankedUnit[] = [];
  for (const unit of units) {
    if (unit !== undefined && !unique.some((known) => known.unit.text === unit.unit.text)) unique.push(unit);
  }
  return unique;
}
