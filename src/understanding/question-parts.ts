/**
 * How a chat question is put together: people often give the situation first and ask after it ("Lost the receipt
 * for a taxi. Can I still get the money back?"), or the other way round ("Does the company pay for a gym? I'm in
 * Porto"). The asking part says what must be answered; the situation narrows it, and words that only describe
 * the situation ("my wife is due in August") should not decide whether the documents cover the question.
 */
export interface QuestionPart {
  text: string;
  /** The part that asks (a wh-word or an auxiliary leads it, or it ends with "?"), as opposed to a statement. */
  asks: boolean;
}

export const askingStart =
  /^(?:how|what|what's|whats|when|when's|where|where's|which|who|who's|whom|whose|why|is|are|am|was|were|do|does|did|can|could|should|shall|will|would|may|might|must|have|has|any|anyone|anything|if)\b/i;
/** Connectors that only open a clause: "so", "ok and", "but" before the real start. */
export const leadingConnector =
  /^(?:(?:ok(?:ay)?|so|and|or|but|also|then|hey|hi|hello|thanks|btw|oh|well|quick question|q)[\s,:;-]+)+/i;

/** Splits a question into sentences and clauses and marks the asking ones. */
export function splitQuestion(text: string): QuestionPart[] {
  const sentences = text
    .split(/(?<=[?!.])(?<!\b(?:i\.e|e\.g|etc|vs)\.)\s+|\n+|\s+[-\u2013\u2014]\s+|\.{2,}\s*/i)
    .map((part) => part.trim())
    .filter((part) => part !== "");
  const parts: QuestionPart[] = [];
  for (const sentence of sentences) {
    // A clause after a comma that starts like a question ("..., how far ahead do I need to order it?", "..., or
    // who should handle it?"), or after "and" when a wh-word follows ("how do I claim it and what is the limit?").
    const clauses = sentence.split(
      /,\s+(?=(?:(?:and|or|but)\s+)?(?:how|what|when|where|which|who|why|is|are|am|was|were|do|does|did|can|could|should|will|would|has|have|must)\b)|\s+and\s+(?=(?:how|what|when|where|which|who|why)\b)/i,
    );
    for (const clause of clauses) {
      const bare = clause.replace(leadingConnector, "").trim();
      if (bare === "") continue;
      parts.push({ text: clause, asks: askingStart.test(bare) || /\?\s*$/.test(clause) });
    }
  }
  if (!parts.some((part) => part.asks)) return parts.map((part) => ({ ...part, asks: true }));
  return parts;
}

/**
 * How a turn of a conversation relates to the ones before it:
 *   - "leans": it cannot be read alone: opened by a connector ("and in Toronto?", "what about the backup person?",
 *     "same for contractors?") or by a word pointing back ("it falls on a Saturday, ..."), or saying at most two
 *     things of its own with a word pointing back ("how much will they cover?", "does that apply to contractors?");
 *   - "maybe": it points back but says enough to stand alone ("a supplier sent me a hamper, can I keep it?": "it"
 *     is the hamper), or says at most two things ("can the unused days roll over?", "how many vacation days do I
 *     get?", "do we get a day off on our birthday?"); whether the context helps is for retrieval to show;
 *   - "alone": nothing in it points back and it says enough.
 */
export type Leaning = "leans" | "maybe" | "alone";

const followUpOpening =
  /^(?:and|but|also|so|ok(?:ay)?|what about|how about|same|then|is that|does that|and if|or|plus|except|too)\b/;
/** "what if ..." continues a conversation when short, and often opens a question of its own when not. */
const weakOpening = /^what if\b/;
const pointingBack = /\b(?:that|it|this|those|these|they|them|their|there|instead|ones?|him|her|his|hers)\b/;
const pointingStart = /^(?:that|it|this|those|these|they|them|there|same)\b/;
/** "is there", "how long does it take", "is it ok": words that point nowhere. */
const pointingNowhere = [
  /\b(?:is|are|was|were|be|been|isn't|aren't|any)\s+there\b|\bthere(?:'s|\s+(?:is|are|was|were|will|would|might|may|should|must))\b/g,
  /\b(?:does|do|did|will|would|should|can|could)\s+it\s+(?:take|cost|usually|normally|typically)\b/g,
  /\b(?:is|was|would|will)\s+it\s+(?:be\s+)?(?:ok|okay|possible|allowed|fine|true|necessary|required|worth|normal|acceptable|mandatory)\b/g,
  /\bit(?:'s|\s+is)\s+(?:ok|okay|possible|allowed|fine|true|necessary|required|worth|normal|acceptable|mandatory)\b/g,
];

export function leaningOf(text: string, contentWords: number): Leaning {
  let bare = text
    .trim()
    .toLowerCase()
    .replace(/\u2019/g, "'")
    .replace(/^[^a-z0-9]+/, "");
  for (const pattern of pointingNowhere) bare = bare.replace(pattern, " ");
  bare = bare.trim();
  const points = pointingBack.test(bare);
  if (followUpOpening.test(bare) || pointingStart.test(bare)) return "leans";
  if (weakOpening.test(bare)) return contentWords <= 3 ? "leans" : "maybe";
  if (contentWords <= 2) return points ? "leans" : "maybe";
  return points ? "maybe" : "alone";
}
