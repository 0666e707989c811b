import { tokenizeWords } from "../text/tokenize.js";
import { wordWeight } from "./english-frequency.js";
import type { RelatedTerm } from "./related-words.js";

/**
 * Words that mean the same thing at work, across British, American and Canadian usage, which WordNet does not
 * relate: "holiday entitlement" and "annual leave", "payslip" and "pay stub", "pension" and "retirement plan",
 * "sick note" and "medical certificate". Each group is one meaning; a question's word (or two-word expression) in
 * a group is related to the group's other words. General workplace vocabulary only, no company's own words.
 */
const groups: readonly string[] = [
  "holiday | holidays | vacation | annual leave",
  "public holiday | bank holiday | statutory holiday | national holiday",
  "sick leave | sick days | sickness absence | sick pay",
  "sick note | doctors note | fit note | medical certificate | medical note",
  "paternity | maternity | parental | adoption leave",
  "bereavement | compassionate leave | funeral leave",
  "day in lieu | time in lieu | toil | compensatory time | comp time",
  "salary | wages | wage | pay | earnings",
  "payslip | pay stub | paycheck | paycheque",
  "payday | pay day | payroll date",
  "raise | pay rise | pay increase | salary increase",
  "pension | retirement plan | retirement savings | superannuation | 401k",
  "headcount | employees | staff | workforce",
  "boss | manager | line manager | supervisor",
  "expenses | expense claim | reimbursement | reimbursed | claim back",
  "per diem | daily allowance | subsistence allowance",
  "budget | allowance | stipend",
  "laptop | computer | notebook",
  "monitor | screen | display",
  "onboarding | induction | orientation",
  "appraisal | performance review | evaluation",
  "rota | roster | schedule",
  "commute | commuting | transit pass | travel pass",
  "gym | fitness | wellness | wellbeing",
  "dentist | dental",
  "optician | optical | eye test",
  "badge | access card | id card | security pass",
  "wifi | wi-fi | wireless network",
  "working from home | remote work | homeworking",
  "contractor | freelancer | consultant",
  "dismissal | termination | fired",
  "hiring | recruitment | recruiting",
];

const strength = 0.85;
/** A word this common in a longer expression ("time", "off", "day") would relate to everything. */
const minimumWordWeight = 0.25;

let byExpression: Map<string, readonly RelatedTerm[]> | null = null;

function buildIndex(): Map<string, readonly RelatedTerm[]> {
  const index = new Map<string, readonly RelatedTerm[]>();
  for (const group of groups) {
    const expressions = group.split("|").map((expression) => expression.trim());
    for (const expression of expressions) {
      const related = new Map<string, RelatedTerm>();
      const own = new Set(tokenizeWords(expression).map(({ term }) => term));
      for (const other of expressions) {
        if (other === expression) continue;
        const words = tokenizeWords(other);
        for (const { word, term } of words) {
          if (own.has(term) || (words.length > 1 && wordWeight(word) < minimumWordWeight)) continue;
          related.set(term, { term, word, strength });
        }
      }
      index.set(expression, [...(index.get(expression) ?? []), ...related.values()]);
    }
  }
  return index;
}

/** The workplace words related to a word or two-word expression (lower case, no apostrophes), or none. */
export function workplaceRelated(expression: string): readonly RelatedTerm[] {
  byExpression ??= buildIndex();
  const singular = expression.endsWith("s") ? byExpression.get(expression.slice(0, -1)) : undefined;
  return byExpression.get(expression) ?? singular ?? [];
}
