/**
 * What kind of answer a question asks for, from its asking words, and whether a passage holds one: "how many days"
 * wants a number ("how heavy", "how late": any degree), "when" or "how often" a date, time or frequency, "who" a
 * person, role, team or address. A passage with the kind of thing asked for is a better quote than one that only
 * shares the question's words.
 */
export type AnswerKind = "quantity" | "time" | "person" | "any";

const quantityQuestion =
  /\bhow (?:many|much|long|far|big|large|small|fast|quick|quickly|slow|soon|old|young|high|low|heavy|light|tall|wide|deep|hot|cold|warm|strong|early|late|close|near)\b|\b(?:max|maximum|minimum|limit|cap|budget|allowance|amount|rate|percentage|number of|how many|price|cost)\b/i;
/** "when" asks for a time where it opens the question ("when do ...", "when's"), not in "when travelling". */
const timeQuestion =
  /^\W*when\b|\bwhen (?:is|are|was|were|do|does|did|will|would|can|could|should|must|has|have)\b|\bwhen's\b|\bwhat (?:time|date|day)\b|\bwhich (?:day|date|month|year)s?\b|\bdeadline\b|\bby when\b|\bat what point\b|\bhow soon\b|\bhow (?:often|frequently)\b/i;
const personQuestion =
  /\bwho\b|\bwhom\b|\bwhose\b|\bwhich (?:team|person|people|role)\b|\b(?:contact|email|reach out)\b/i;

const numberWords =
  "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|thousand|half|twice|once|first|second|third|fourth|fifth|dozen";
const quantityPassage = new RegExp(`\\d|[€$£%]|\\b(?:${numberWords})\\b`, "i");
const timePassage = new RegExp(
  `\\d|\\b(?:${numberWords}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekdays?|weekends?|january|february|march|april|may|june|july|august|september|october|november|december|today|tomorrow|daily|weekly|monthly|yearly|annually|before|after|within|until|during|every|each)\\b`,
  "i",
);
const personPassage =
  /@|#[a-z]|\b(?:CEO|CTO|CFO|COO|VP|head|manager|lead|director|officer|owner|team|squad|desk|department|people team|hr)\b|\b[A-Z][a-z]+ [A-Z][a-z]+\b/;

export function expectedAnswer(askingText: string): AnswerKind {
  if (personQuestion.test(askingText)) return "person";
  if (timeQuestion.test(askingText)) return "time";
  if (quantityQuestion.test(askingText)) return "quantity";
  return "any";
}

export function holdsAnswerKind(text: string, kind: AnswerKind): boolean {
  if (kind === "quantity") return quantityPassage.test(text);
  if (kind === "time") return timePassage.test(text);
  if (kind === "person") return personPassage.test(text);
  return false;
}
