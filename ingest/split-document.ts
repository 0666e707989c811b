import type { Chunk, LoadedDocument } from "../src/documents/chunk.js";
import { hashText } from "../src/documents/content-hash.js";
import { DocentError } from "../src/errors.js";
import { type CodeFence, closesFence, readFenceOpening } from "./loaders/code-fence.js";

export interface SplitOptions {
  /** Largest chunk, in characters. */
  chunkSize: number;
  /** Most characters of whole sentences a chunk repeats from the one before it in the same section. */
  chunkOverlap: number;
}

/** A unit the packer never breaks: a paragraph or code block that fits, a sentence, a code line, or a hard cut. */
interface Piece {
  text: string;
  /** What goes between this piece and the one before it when both are in the same chunk. */
  joiner: string;
  /** Only whole sentences of prose are repeated as overlap. */
  kind: "prose" | "code" | "fragment";
}

/**
 * Splits a document into chunks that follow its structure: a chunk never spans two sections (headings, pages);
 * whole paragraphs and fenced code blocks are packed up to chunkSize; a paragraph that is too large is split at
 * sentence boundaries, then at line breaks, and only then cut hard (at whitespace where possible). A new chunk in
 * the same section starts with the last whole sentences of the previous one, up to chunkOverlap characters.
 */
export function splitDocument(
  document: LoadedDocument,
  file: { source: string; scope: string },
  options: SplitOptions,
): Chunk[] {
  validateOptions(options);
  const chunks: Chunk[] = [];
  for (const section of document.sections) {
    const pieces = splitSection(section.text, options.chunkSize);
    for (const text of packPieces(pieces, options)) {
      const position = chunks.length;
      chunks.push({
        id: `${file.source}#${position}`,
        source: file.source,
        scope: file.scope,
        title: document.title,
        headingPath: [...section.headingPath],
        page: section.page,
        position,
        text,
        contentHash: hashText(text),
      });
    }
  }
  return chunks;
}

function validateOptions({ chunkSize, chunkOverlap }: SplitOptions): void {
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new DocentError("CONFIG_INVALID", `chunkSize must be a positive whole number (got ${chunkSize})`);
  }
  if (!Number.isInteger(chunkOverlap) || chunkOverlap < 0 || chunkOverlap >= chunkSize) {
    throw new DocentError(
      "CONFIG_INVALID",
      `chunkOverlap must be from 0 to chunkSize - 1 (got ${chunkOverlap})`,
    );
  }
}

/** Paragraphs (blank-line separated) and fenced code blocks (kept whole, blank lines and all). */
function readBlocks(text: string): Array<{ text: string; code: boolean }> {
  const blocks: Array<{ text: string; code: boolean }> = [];
  let lines: string[] = [];
  let fence: CodeFence | null = null;
  const flush = (code: boolean): void => {
    const block = lines.join("\n").trim();
    if (block !== "") blocks.push({ text: block, code });
    lines = [];
  };
  for (const line of text.split("\n")) {
    const opening: CodeFence | null = fence === null ? readFenceOpening(line) : null;
    if (fence !== null) {
      lines.push(line);
      if (closesFence(line, fence)) {
        fence = null;
        flush(true);
      }
    } else if (opening !== null) {
      flush(false);
      lines.push(line);
      fence = opening;
    } else if (line.trim() === "") {
      flush(false);
    } else {
      lines.push(line);
    }
  }
  flush(fence !== null);
  return blocks;
}

function splitSection(text: string, size: number): Piece[] {
  const pieces: Piece[] = [];
  for (const block of readBlocks(text)) {
    const joiner = pieces.length === 0 ? "" : "\n\n";
    if (block.text.length <= size) {
      pieces.push({ text: block.text, joiner, kind: block.code ? "code" : "prose" });
    } else if (block.code) {
      pieces.push(...splitLines(block.text, size, joiner, "code"));
    } else {
      for (const [index, sentence] of splitSentences(block.text).entries()) {
        const sentenceJoiner = index === 0 ? joiner : sentence.joiner;
        if (sentence.text.length <= size)
          pieces.push({ text: sentence.text, joiner: sentenceJoiner, kind: "prose" });
        else pieces.push(...splitLines(sentence.text, size, sentenceJoiner, "fragment"));
      }
    }
  }
  return pieces;
}

/** One piece per line (code keeps its indentation and blank lines); lines longer than `size` are cut hard. */
function splitLines(text: string, size: number, joiner: string, kind: Piece["kind"]): Piece[] {
  const pieces: Piece[] = [];
  let nextJoiner = joiner;
  for (const line of text.split("\n")) {
    const trimmed = kind === "code" ? line.trimEnd() : line.trim();
    if (trimmed === "") {
      if (kind === "code" && pieces.length > 0) nextJoiner += "\n";
      continue;
    }
    for (const [index, part] of (trimmed.length <= size ? [trimmed] : cutHard(trimmed, size)).entries()) {
      pieces.push({ text: part, joiner: index === 0 ? nextJoiner : " ", kind });
    }
    nextJoiner = "\n";
  }
  return pieces;
}

/** Cuts text into parts of at most `size` characters, at the last whitespace of the second half where there is one. */
function cutHard(text: string, size: number): string[] {
  const parts: string[] = [];
  let start = 0;
  while (text.length - start > size) {
    let end = start + size;
    let cut = end;
    while (cut > start + size / 2 && !isWhitespace(text.charCodeAt(cut))) cut--;
    if (isWhitespace(text.charCodeAt(cut))) {
      end = cut;
    } else if (isHighSurrogate(text.charCodeAt(end - 1))) {
      end--;
    }
    const part = text.slice(start, end).trim();
    if (part !== "") parts.push(part);
    start = end;
    while (start < text.length && isWhitespace(text.charCodeAt(start))) start++;
  }
  const rest = text.slice(start).trim();
  if (rest !== "") parts.push(rest);
  return parts;
}

const sentenceClosers = new Set([".", "!", "?", '"', "'", ")", "]", "\u201d", "\u2019"]);
/** Words whose period rarely ends a sentence ("Dr. Smith"); single letters ("J.", "e.g.") count too. */
const abbreviations = new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "sr",
  "jr",
  "st",
  "vs",
  "no",
  "fig",
  "approx",
  "inc",
]);

/** Sentences of a paragraph: ., ! or ? (with closing quotes or brackets) then whitespace, not then lowercase. */
function splitSentences(text: string): Array<{ text: string; joiner: string }> {
  const sentences: Array<{ text: string; joiner: string }> = [];
  let start = 0;
  let joiner = "";
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (character !== "." && character !== "!" && character !== "?") continue;
    const mark = index;
    let end = index + 1;
    while (end < text.length && sentenceClosers.has(text[end] ?? "")) end++;
    let next = end;
    while (next < text.length && isWhitespace(text.charCodeAt(next))) next++;
    index = end - 1;
    if (next === end || next >= text.length || isLowercase(text[next] ?? "")) continue;
    if (character === "." && end === mark + 1 && isAbbreviation(text, mark)) continue;
    sentences.push({ text: text.slice(start, end), joiner });
    joiner = text.slice(end, next).includes("\n") ? "\n" : " ";
    start = next;
    index = next - 1;
  }
  const rest = text.slice(start).trim();
  if (rest !== "") sentences.push({ text: rest, joiner });
  return sentences;
}

function isAbbreviation(text: string, periodIndex: number): boolean {
  let wordStart = periodIndex;
  while (wordStart > 0 && periodIndex - wordStart < 8 && isLetter(text[wordStart - 1] ?? "")) wordStart--;
  const word = text.slice(wordStart, periodIndex).toLowerCase();
  return word.length === 1 || abbreviations.has(word);
}

/** Packs pieces greedily into chunk texts of at most chunkSize, each new chunk opening with the overlap. */
function packPieces(pieces: Piece[], { chunkSize, chunkOverlap }: SplitOptions): string[] {
  const chunks: string[] = [];
  let current: Piece[] = [];
  let length = 0;
  for (const piece of pieces) {
    if (current.length > 0 && length + piece.joiner.length + piece.text.length > chunkSize) {
      chunks.push(renderPieces(current).trim());
      const room = Math.min(chunkOverlap, chunkSize - piece.joiner.length - piece.text.length);
      current = takeOverlap(current, room);
      length = renderPieces(current).length;
    }
    length += (current.length > 0 ? piece.joiner.length : 0) + piece.text.length;
    current.push(piece);
  }
  if (current.length > 0) chunks.push(renderPieces(current).trim());
  return chunks;
}

function renderPieces(pieces: Piece[]): string {
  return pieces.map((piece, index) => (index === 0 ? piece.text : piece.joiner + piece.text)).join("");
}

/** The last whole sentences of the chunk just closed that fit in `room` characters (prose only). */
function takeOverlap(previous: Piece[], room: number): Piece[] {
  const overlap: Piece[] = [];
  let length = 0;
  for (let pieceIndex = previous.length - 1; pieceIndex >= 0; pieceIndex--) {
    const piece = previous[pieceIndex];
    if (piece === undefined || piece.kind !== "prose") break;
    const sentences = splitSentences(piece.text);
    for (let index = sentences.length - 1; index >= 0; index--) {
      const sentence = sentences[index];
      if (sentence === undefined) break;
      const joiner = index === 0 ? piece.joiner : sentence.joiner;
      const added = sentence.text.length + (overlap.length > 0 ? (overlap[0]?.joiner.length ?? 0) : 0);
      if (length + added > room) return overlap;
      length += added;
      overlap.unshift({ text: sentence.text, joiner, kind: "prose" });
    }
  }
  return overlap;
}

function isWhitespace(code: number): boolean {
  return (
    code === 32 || code === 10 || code === 9 || code === 13 || code === 160 || code === 12 || code === 11
  );
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLetter(character: string): boolean {
  return character.toLowerCase() !== character.toUpperCase();
}

function isLowercase(character: string): boolean {
  return character !== character.toUpperCase() && character === character.toLowerCase();
}
