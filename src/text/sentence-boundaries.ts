/**
 * Where text can be cut without breaking a sentence: after ".", "!" or "?" (and any closing quotes or
 * brackets) followed by whitespace, and at line breaks (list items, headings and table rows end there).
 * Returned offsets are exclusive ends of the text before the cut, ascending, without trailing whitespace.
 */
const boundaryPattern = /[.!?\u2026]["'\u201d\u2019)\]]*(?=\s)|(?=\n)/g;

export function findSentenceBoundaries(text: string): number[] {
  const ends = new Set<number>();
  for (const match of text.matchAll(boundaryPattern)) {
    const end = trimmedEnd(text, match.index + match[0].length);
    if (end > 0) ends.add(end);
  }
  const last = trimmedEnd(text, text.length);
  if (last > 0) ends.add(last);
  return [...ends].sort((left, right) => left - right);
}

/** Sentences (or lines) of text with their offsets, for picking the best part of a passage. */
export function splitSentences(text: string): Array<{ start: number; end: number; text: string }> {
  const sentences: Array<{ start: number; end: number; text: string }> = [];
  let start = 0;
  for (const end of findSentenceBoundaries(text)) {
    const from = skipWhitespace(text, start);
    if (end > from) sentences.push({ start: from, end, text: text.slice(from, end) });
    start = end;
  }
  return sentences;
}

function trimmedEnd(text: string, end: number): number {
  let position = end;
  while (position > 0 && /\s/.test(text[position - 1] ?? "")) position--;
  return position;
}

function skipWhitespace(text: string, start: number): number {
  let position = start;
  while (position < text.length && /\s/.test(text[position] ?? "")) position++;
  return position;
}
