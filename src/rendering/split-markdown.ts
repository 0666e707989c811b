/**
 * The one Markdown splitter of both chat adapters (and the progressive reply's default cut). A long text is cut
 * into the longest head that `fits` (each platform measures what it sends: Discord the characters, Slack the mrkdwn
 * of a section) and the rest: at a paragraph break or the edge of a code block, else a line break, else a space;
 * never inside a code block that fits in one message, never inside a link, a bare URL or a code span. A code block
 * too long for any message is cut between two of its lines, its fence closed in the head and reopened in the
 * rest, so that every message renders on its own.
 */
export type Fits = (head: string) => boolean;

interface Span {
  start: number;
  end: number;
}

interface CodeBlock extends Span {
  /** The opening fence line, without its newline (for example "```ts"). */
  fence: string;
  marker: string;
  closed: boolean;
}

const fenceLine = /^ {0,3}(```|~~~)[^\n]*$/gm;
/** Links (also with an <…> target), bare URLs and code spans: a cut inside one would break it. */
const linkPattern =
  /!?\[[^\]\n]*\]\([^)\s]*\)|\[[^\]\n]*\]\(<[^>\n]*>\)|<https?:\/\/[^>\s]+>|https?:\/\/\S+|`[^`\n]+`/g;

/** Every part of a long text, each fitting (a part that cannot be cut any further is kept whole). */
export function splitMarkdown(text: string, fits: Fits): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest !== "") {
    const { head, overflow } = cutMarkdown(rest, fits);
    if (head === "" || overflow.length >= rest.length) return [...parts, rest];
    parts.push(head);
    rest = overflow;
  }
  return parts;
}

/** A test of what fits for a plain character limit. */
export const withinCharacters =
  (limit: number): Fits =>
  (head) =>
    head.length <= limit;

/** The longest head that fits, cut at a good boundary, and the rest. */
export function cutMarkdown(text: string, fits: Fits): { head: string; overflow: string } {
  const limit = longestFittingPrefix(text, fits);
  if (limit >= text.length) return { head: text, overflow: "" };
  const blocks = findCodeBlocks(text);
  const links = findLinks(text, blocks);
  const inside = (spans: readonly Span[]) => (at: number) =>
    spans.some((span) => at > span.start && at < span.end);
  const insideBlock = inside(blocks);
  const insideLink = inside(links);
  const blockEdges = blocks.flatMap((block) => [block.start, block.end]);
  const paragraphs = [...positionsOf(text, "\n\n"), ...blockEdges].filter((at) => !insideBlock(at));
  const lines = positionsOf(text, "\n").filter((at) => !insideBlock(at) && !insideLink(at));
  const spaces = positionsOf(text, " ").filter((at) => !insideBlock(at) && !insideLink(at));
  for (const candidates of [paragraphs, lines, spaces]) {
    const at = lastAtMost(candidates, limit);
    if (at !== undefined) return cutAt(text, at);
  }
  const block = blocks.find((candidate) => candidate.start < limit && candidate.end > limit);
  if (block !== undefined) return cutInsideBlock(text, block, fits);
  const link = links.find((candidate) => candidate.start < limit && candidate.end > limit);
  return cutAt(text, link !== undefined && link.start > 0 ? link.start : Math.max(1, limit));
}

/** Closes a code block left open (a streamed answer cut mid-block), so that the preview renders as code. */
export function closeOpenCodeBlock(text: string): string {
  const open = findCodeBlocks(text).find((block) => !block.closed);
  return open === undefined ? text : `${text}\n${open.marker}`;
}

/** The largest n such that text.slice(0, n) fits (binary search: rendering may change lengths unevenly). */
export function longestFittingPrefix(text: string, fits: Fits): number {
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(text.slice(0, middle))) low = middle;
    else high = middle - 1;
  }
  return low;
}

function cutInsideBlock(text: string, block: CodeBlock, fits: Fits): { head: string; overflow: string } {
  const closing = `\n${block.marker}`;
  const bodyStart = block.start + block.fence.length + 1;
  const reopened = (rest: string) => `${block.fence.trim()}\n${rest}`;
  const breaks = positionsOf(text, "\n").filter((at) => at > bodyStart && at < block.end);
  for (let index = breaks.length - 1; index >= 0; index--) {
    const at = breaks[index] as number;
    const head = `${text.slice(0, at).trimEnd()}${closing}`;
    if (fits(head)) return { head, overflow: reopened(text.slice(at + 1)) };
  }
  // One code line longer than a message: cut the line itself.
  const room = longestFittingPrefix(text, (head) => fits(head + closing));
  const at = Math.max(bodyStart + 1, room);
  return { head: `${text.slice(0, at)}${closing}`, overflow: reopened(text.slice(at)) };
}

function cutAt(text: string, at: number): { head: string; overflow: string } {
  return { head: text.slice(0, at).trimEnd(), overflow: text.slice(at).replace(/^\s+/, "") };
}

function findCodeBlocks(text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let open: { start: number; fence: string; marker: string } | null = null;
  for (const match of text.matchAll(fenceLine)) {
    const marker = match[1] ?? "```";
    if (open === null) {
      open = { start: match.index, fence: match[0], marker };
    } else if (marker === open.marker && match[0].trim() === marker) {
      blocks.push({ ...open, end: match.index + match[0].length, closed: true });
      open = null;
    }
  }
  if (open !== null) blocks.push({ ...open, end: text.length, closed: false });
  return blocks;
}

function findLinks(text: string, blocks: readonly CodeBlock[]): Span[] {
  return [...text.matchAll(linkPattern)]
    .map((match) => ({ start: match.index, end: match.index + match[0].length }))
    .filter((link) => !blocks.some((block) => link.start >= block.start && link.start < block.end));
}

function positionsOf(text: string, needle: string): number[] {
  const positions: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) positions.push(at);
  return positions;
}

function lastAtMost(positions: readonly number[], limit: number): number | undefined {
  let best: number | undefined;
  for (const position of positions) {
    if (position > 0 && position <= limit && (best === undefined || position > best)) best = position;
  }
  return best;
}
