/**
 * Finds [n] citation markers in answer text (also [n, m], [n; m], [n-m] and runs like [1][2] or [1] [2]), keeps
 * those that point to a source, and removes the rest cleanly: no empty brackets, no double spaces, no space
 * before punctuation. Code (``` fences, and `inline` spans closed on the same line) is left untouched; an
 * unclosed fence runs to the end of the text, so a prefix of an answer is cleaned the same way as the whole.
 */
const marker = String.raw`\[\s*\d{1,4}(?:\s*[,;\-\u2013\u2014]\s*\d{1,4})*\s*\]`;
const markerPattern = new RegExp(marker, "g");
const markerRunPattern = new RegExp(String.raw`([ \t]*)(${marker}(?:[ \t]*${marker})*)`, "g");
const codePattern = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;
const longestRange = 50;

export interface CleanedMarkers {
  text: string;
  /** Valid source numbers in order of first citation, without repeats. */
  cited: number[];
}

export function cleanCitationMarkers(text: string, sourceCount: number): CleanedMarkers {
  const cited = new Set<number>();
  let output = "";
  let position = 0;
  for (const code of text.matchAll(codePattern)) {
    output += cleanProse(text.slice(position, code.index), output, sourceCount, cited) + code[0];
    position = code.index + code[0].length;
  }
  output += cleanProse(text.slice(position), output, sourceCount, cited);
  return { text: output, cited: [...cited] };
}

function cleanProse(prose: string, before: string, sourceCount: number, cited: Set<number>): string {
  let output = "";
  let position = 0;
  for (const run of prose.matchAll(markerRunPattern)) {
    const lead = run[1] ?? "";
    const markers = [...(run[2] ?? "").matchAll(markerPattern)].map((match) => match[0]);
    const kept: string[] = [];
    let changed = false;
    for (const text of markers) {
      const numbers = parseMarker(text);
      const valid = numbers.filter((n) => n >= 1 && n <= sourceCount);
      for (const n of valid) cited.add(n);
      if (valid.length < numbers.length) changed = true;
      if (valid.length === numbers.length) kept.push(text);
      else if (valid.length > 0) kept.push(`[${[...new Set(valid)].join(", ")}]`);
    }
    output += prose.slice(position, run.index);
    position = run.index + run[0].length;
    if (!changed) {
      output += run[0];
      continue;
    }
    if (kept.length > 0) {
      output += lead + kept.join("");
      continue;
    }
    const next = prose[position];
    const atLineStart = /(^|\n)$/.test(before + output);
    if (atLineStart) {
      while (prose[position] === " " || prose[position] === "\t") position++;
    } else if (next !== undefined && !/[\s.,;:!?)\]}]/.test(next)) {
      output += lead;
    }
  }
  return output + prose.slice(position);
}

/** The numbers a marker names: "[2, 4-6]" -> [2, 4, 5, 6]; a range longer than 50 counts as its two ends. */
export function parseMarker(text: string): number[] {
  const numbers: number[] = [];
  for (const part of text.slice(1, -1).split(/[,;]/)) {
    const [from, to] = part.split(/[-\u2013\u2014]/).map((value) => Number.parseInt(value.trim(), 10));
    if (from === undefined || Number.isNaN(from)) continue;
    if (to === undefined || Number.isNaN(to) || to < from || to - from > longestRange) {
      numbers.push(from);
      if (to !== undefined && !Number.isNaN(to)) numbers.push(to);
      continue;
    }
    for (let n = from; n <= to; n++) numbers.push(n);
  }
  return numbers;
}
