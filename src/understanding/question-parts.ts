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

const askingStart =
  /^(?:how|what|what's|whats|when|when's|where|where's|which|who|who's|whom|whose|why|is|are|am|was|were|do|does|did|can|could|should|shall|will|would|may|might|must|have|has|any|anyone|anything|if)\b/i;
/** Connectors that only open a clause: "so", "ok and", "but" before the real start. */
const leadingConnector =
  /^(?:(?:ok(?:ay)?|so|and|but|also|then|hey|hi|hello|thanks|btw|oh|well|quick question|q)[\s,:;-]+)+/i;

/** Splits a question into sentences and clauses and marks the asking ones. */
export function splitQuestion(text: string): QuestionPart[] {
  const sentences = text
    .split(/(?<=[?!.])\s+|\n+|\s+[-\u2013\u2014]\s+|\.{2,}\s*/)
    .map((part) => part.trim())
    .filter((part) => part !== "");
  const parts: QuestionPart[] = [];
  for (const sentence of sentences) {
    // A clause after a comma that starts like a question ("..., how far ahead do I need to order it?").
    const clauses = sentence.split(
      /,\s+(?=(?:and\s+)?(?:how|what|when|where|which|who|why|is|are|do|does|can|should)\b)/i,
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

/** A turn that leans on the ones before it: short, opened by a connector, or pointing back ("that", "it"). */
export function soundsLikeFollowUp(text: string, contentWords: number): boolean {
  const bare = text.trim().toLowerCase();
  if (contentWords <= 2) return true;
  if (
    /^(?:and|but|also|so|ok(?:ay)?|what about|how about|same|then|what if|is that|does that|and if)\b/.test(
      bare,
    )
  )
    return true;
  return /\b(?:that|it|this|those|these|they|them|there|same|instead|one|ones|him|her)\b/.test(bare);
}
