import { findSentenceBoundaries } from "../text/sentence-boundaries.js";

export const truncationMarker = "[\u2026 excerpt truncated]";

/**
 * The longest prefix of `text` that ends at a sentence boundary, followed by the truncation marker, for which
 * `fits` holds (fits is monotone: a shorter text never fits worse). When not even the first sentence fits and
 * `allowMidSentence` is set, the text is cut at the last whole word (else character) that fits, still with the
 * marker.
 * Returns null when nothing fits. Whole text that fits is returned unchanged, without a marker.
 */
export function truncateToFit(
  text: string,
  fits: (candidate: string) => boolean,
  allowMidSentence: boolean,
): string | null {
  if (fits(text)) return text;
  const cut = (end: number) => `${text.slice(0, end)} ${truncationMarker}`;
  const boundaries = findSentenceBoundaries(text).filter((end) => end < text.trimEnd().length);
  const sentenceEnd = lastFitting(boundaries, (end) => fits(cut(end)));
  if (sentenceEnd !== null) return cut(sentenceEnd);
  if (!allowMidSentence) return null;
  const wordEnds = [...text.matchAll(/\S(?=\s)/g)].map((match) => match.index + 1);
  const wordEnd = lastFitting(wordEnds, (end) => fits(cut(end)));
  if (wordEnd !== null) return cut(wordEnd);
  const characterEnds = Array.from({ length: text.length }, (_, index) => index + 1);
  const characterEnd = lastFitting(characterEnds, (end) => fits(cut(end)));
  if (characterEnd !== null) return cut(characterEnd);
  return fits(truncationMarker) ? truncationMarker : null;
}

/** Binary search for the largest candidate offset that passes a monotone test. */
function lastFitting(offsets: readonly number[], passes: (offset: number) => boolean): number | null {
  let low = 0;
  let high = offsets.length - 1;
  let best: number | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const offset = offsets[middle] ?? 0;
    if (passes(offset)) {
      best = offset;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}
