/**
 * Questions from standard input, one a line, read with a bounded line length: a line longer than `maxChars`
 * (DOCENT_MAX_QUESTION_CHARS) is reported as too long as soon as it passes the limit, and the rest of it is skipped
 * as it arrives, never gathered whole (`docent chat --json < /dev/zero` once gathered 634 MB into one string and
 * died). Lines end at "\n"; each line's text is trimmed (a "\r" before the "\n" with it), so a blank line is "".
 */
export type QuestionLine =
  | { kind: "question"; lineNumber: number; text: string }
  | { kind: "too-long"; lineNumber: number };

const newline = 0x0a;

export async function* readQuestionLines(
  input: AsyncIterable<Buffer | string>,
  maxChars: number,
): AsyncGenerator<QuestionLine> {
  // A character takes at most 3 bytes of UTF-8 per UTF-16 unit, plus a "\r" and blanks around the question.
  const maxBytes = maxChars * 3 + 64;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false;
  let lineNumber = 1;
  for await (const chunk of input) {
    const data = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    let start = 0;
    while (start < data.length) {
      const end = data.indexOf(newline, start);
      const piece = data.subarray(start, end === -1 ? data.length : end);
      if (!skipping) {
        pending.push(piece);
        pendingBytes += piece.length;
        if (pendingBytes > maxBytes) {
          skipping = true;
          pending = [];
          pendingBytes = 0;
          yield { kind: "too-long", lineNumber };
        }
      }
      if (end === -1) break;
      if (!skipping) {
        yield finishLine(pending, lineNumber, maxChars);
      }
      pending = [];
      pendingBytes = 0;
      skipping = false;
      lineNumber += 1;
      start = end + 1;
    }
  }
  if (!skipping && pendingBytes > 0) yield finishLine(pending, lineNumber, maxChars);
}

function finishLine(pieces: Buffer[], lineNumber: number, maxChars: number): QuestionLine {
  const text = Buffer.concat(pieces).toString("utf8").trim();
  if (text.length > maxChars) return { kind: "too-long", lineNumber };
  return { kind: "question", lineNumber, text };
}
