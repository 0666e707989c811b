import { longestFittingPrefix } from "../../rendering/split-at-boundary.js";

/**
 * Cuts Markdown into the longest head that `fits` and the rest, at a paragraph break, else a line break, else a
 * space, and never inside a fenced code block, a code span or a link. A code block too long for one message is cut
 * between two of its lines, closed in the head and reopened in the rest, so both parts render as code.
 * Same contract as the progressive reply's `split` option.
 */
type Range = [start: number, end: number];

export function splitMarkdown(
  text: string,
  fits: (head: string) => boolean,
): { head: string; overflow: string } {
  const limit = longestFittingPrefix(text, fits);
  if (limit >= text.length) return { head: text, overflow: "" };
  const fences = findFences(text);
  const protectedRanges = [...fences, ...findSpans(text, /`[^`\n]+`|!?\[[^\]\n]*\]\([^)\s]*\)/g)];
  const isSafe = (at: number) => at > 0 && !protectedRanges.some(([start, end]) => at > start && at < end);
  for (const boundary of ["\n\n", "\n", " "]) {
    for (let at = text.lastIndexOf(boundary, limit); at > 0; at = text.lastIndexOf(boundary, at - 1)) {
      if (isSafe(at)) return cutAt(text, at);
    }
  }
  const fence = fences.find(([start, end]) => start === 0 && limit < end);
  if (fence) return cutInsideFence(text, fence, fits);
  const link = protectedRanges.find(([start, end]) => limit > start && limit < end && start > 0);
  return cutAt(text, link ? link[0] : Math.max(1, limit));
}

function cutAt(text: string, at: number): { head: string; overflow: string } {
  return { head: text.slice(0, at).trimEnd(), overflow: text.slice(at).replace(/^\s+/, "") };
}

function cutInsideFence(
  text: string,
  [start, end]: Range,
  fits: (head: string) => boolean,
): { head: string; overflow: string } {
  const opening = text.slice(start, text.indexOf("\n", start));
  const close = "\n```";
  let at = text.lastIndexOf("\n", end - 1);
  while (at > opening.length && !fits(text.slice(0, at) + close)) at = text.lastIndexOf("\n", at - 1);
  if (at <= opening.length) {
    // One code line longer than a message: cut the line itself.
    const room = longestFittingPrefix(text, (head) => fits(head + close));
    at = Math.max(opening.length + 2, room);
    return { head: text.slice(0, at) + close, overflow: `${opening}\n${text.slice(at)}` };
  }
  return { head: text.slice(0, at) + close, overflow: `${opening}\n${text.slice(at + 1)}` };
}

/** Fenced code blocks as [start, end): from the opening fence line to the end of the closing one (or the text). */
function findFences(text: string): Range[] {
  const ranges: Range[] = [];
  const fence = /^[ \t]*(```|~~~)[^\n]*$/gm;
  let open: number | null = null;
  for (let match = fence.exec(text); match !== null; match = fence.exec(text)) {
    if (open === null) open = match.index;
    else {
      ranges.push([open, match.index + match[0].length]);
      open = null;
    }
  }
  if (open !== null) ranges.push([open, text.length]);
  return ranges;
}

function findSpans(text: string, pattern: RegExp): Range[] {
  return [...text.matchAll(pattern)].map((match) => [match.index, match.index + match[0].length]);
}

/** Every part of a long text, each fitting. */
export function splitAllMarkdown(text: string, fits: (head: string) => boolean): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest !== "") {
    const { head, overflow } = splitMarkdown(rest, fits);
    if (head === "" || overflow.length >= rest.length) return [...parts, rest];
    parts.push(head);
    rest = overflow;
  }
  return parts;
}
