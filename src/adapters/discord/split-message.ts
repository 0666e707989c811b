import { longestFittingPrefix } from "../../rendering/split-at-boundary.js";

/**
 * Discord refuses messages over 2,000 characters. Long answers are cut at a paragraph break or at the edge of a code
 * block, else at a line break, else at a space; never inside a code block that fits in one message, never inside a
 * link. A code block too long for any message is cut at a line break and its fence closed and reopened, so every
 * message renders on its own.
 */
export const discordMessageLimit = 2000;

interface Span {
  start: number;
  end: number;
}

interface CodeBlock extends Span {
  /** The opening fence line, without its newline (for example "```ts"). */
  fence: string;
}

const fenceLine = /^ {0,3}(```|~~~)[^\n]*$/gm;
/** Links, bare URLs and inline code: a cut inside one would break it. */
const linkPattern =
  /\[[^\]\n]*\]\([^)\s]*\)|\[[^\]\n]*\]\(<[^>\n]*>\)|<https?:\/\/[^>\s]+>|https?:\/\/\S+|`[^`\n]+`/g;

export function splitMessage(text: string, maxLength = discordMessageLimit): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest !== "") {
    const { head, overflow } = cutMessage(rest, maxLength);
    if (head !== "") parts.push(head);
    rest = overflow;
  }
  return parts;
}

/** The progressive reply's cut: the longest head that `fits` (measured on the rendered text), at a good boundary. */
export function cutToFit(text: string, fits: (head: string) => boolean): { head: string; overflow: string } {
  return cutMessage(text, longestFittingPrefix(text, fits));
}

/** The longest head of at most `limit` characters that ends at a good boundary, and the rest. */
export function cutMessage(text: string, limit: number): { head: string; overflow: string } {
  if (text.length <= limit) return { head: text, overflow: "" };
  const blocks = findCodeBlocks(text);
  const links = findLinks(text, blocks);
  const insideBlock = (at: number) => blocks.some((block) => at > block.start && at < block.end);
  const insideLink = (at: number) => links.some((link) => at > link.start && at < link.end);

  const blockEdges = blocks.flatMap((block) => [block.start, block.end]);
  const paragraphs = [...positionsOf(text, "\n\n"), ...blockEdges].filter((at) => !insideBlock(at));
  const lines = positionsOf(text, "\n").filter((at) => !insideBlock(at) && !insideLink(at));
  const spaces = positionsOf(text, " ").filter((at) => !insideBlock(at) && !insideLink(at));
  for (const candidates of [paragraphs, lines, spaces]) {
    const at = lastAtMost(candidates, limit);
    if (at !== undefined) return cutAt(text, at);
  }
  const block = blocks.find((candidate) => candidate.start < limit && candidate.end > limit);
  if (block !== undefined) return cutInsideBlock(text, block, limit);
  const link = links.find((candidate) => candidate.start < limit && candidate.end > limit);
  return cutAt(text, link !== undefined && link.start > 0 ? link.start : limit);
}

function cutInsideBlock(text: string, block: CodeBlock, limit: number): { head: string; overflow: string } {
  const closing = "\n```";
  const bodyStart = block.start + block.fence.length + 1;
  const at = lastAtMost(
    positionsOf(text, "\n").filter((position) => position > bodyStart && position < block.end),
    limit - closing.length,
  );
  const cut = at ?? Math.max(bodyStart + 1, limit - closing.length);
  return {
    head: `${text.slice(0, cut).trimEnd()}${closing}`,
    overflow: `${block.fence.trim()}\n${text.slice(cut).replace(/^\n/, "")}`,
  };
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
      blocks.push({ start: open.start, end: match.index + match[0].length, fence: open.fence });
      open = null;
    }
  }
  if (open !== null) blocks.push({ start: open.start, end: text.length, fence: open.fence });
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
