/**
 * Cuts a text into the longest head that `fits` and the rest, preferring a paragraph break, then a line break, then a
 * space. The default cut of the progressive reply; adapters that must respect code blocks or links pass their own.
 */
export function splitAtBoundary(
  text: string,
  fits: (head: string) => boolean,
): { head: string; overflow: string } {
  let limit = longestFittingPrefix(text, fits);
  if (limit >= text.length) return { head: text, overflow: "" };
  const window = text.slice(0, limit + 1);
  for (const boundary of ["\n\n", "\n", " "]) {
    const at = window.lastIndexOf(boundary);
    if (at > 0) {
      limit = at;
      break;
    }
  }
  return { head: text.slice(0, limit).trimEnd(), overflow: text.slice(limit).replace(/^\s+/, "") };
}

/** The largest n such that text.slice(0, n) fits (binary search: render may change lengths unevenly). */
export function longestFittingPrefix(text: string, fits: (head: string) => boolean): number {
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(text.slice(0, middle))) low = middle;
    else high = middle - 1;
  }
  return low;
}
