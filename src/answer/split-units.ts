import { splitSentences } from "../text/sentence-boundaries.js";
import { type IndexedWords, indexWords } from "./indexed-words.js";

/**
 * The smallest parts of a passage that can answer on their own: a sentence, a list item, or a table row (quoted
 * under its table's header row, so that "| Second parent | 10 weeks |" still says what its columns are). Each
 * unit knows what frames it: the heading line above it in the passage, the sentence that introduces its list
 * ("Returning parents can take:"), its table's header. Text from PDFs, whose lines are cut by the page width, is
 * joined back: a line that does not end a sentence continues on the next one.
 */
export interface TextUnit {
  /** What is quoted. */
  text: string;
  words: IndexedWords;
  /** The heading, introduction or table header above the unit. */
  frame: string;
  frameWords: IndexedWords;
  /** For a table row: the header and separator rows it is quoted under (empty when the passage starts mid-table). */
  tableHeader?: string;
  /** The section heading above the unit in its passage ("" when the passage has none before it). */
  section: string;
  /** For a sentence that introduces a list ("If a laptop is lost or stolen:"): the list's items, in order. */
  items?: string[];
}

const pipedRow = /^\s*\|.*\|\s*$/;
const tableSeparator = /^\s*\|?\s*:?-{2,}/;
const heading = /^\s*#{1,6}\s+(.*)$/;
const listItem = /^\s*(?:[-*+\u2022]|\d{1,3}[.)])\s+/;
const endsSentence = /[.!?:;)\]"'\u201d|*]\s*$/;
/** A plain line this short, not ending a sentence, right before a list or table, is a heading (PDF, text). */
const longestHeadingLine = 80;
/** A line at least this long that stops mid-sentence was wrapped. */
const wrappedLineLength = 60;

interface Block {
  kind: "paragraph" | "item" | "row";
  lines: string[];
  frame: string;
  section: string;
  /** For an item: the sentence that introduces its list. */
  introduction?: string;
  header?: string[];
}

export function splitUnits(text: string): TextUnit[] {
  const units: TextUnit[] = [];
  const frames = new Map<string, IndexedWords>();
  const makeUnit = (unitText: string, block: Block, frame = block.frame): TextUnit => {
    let frameWords = frames.get(frame);
    if (frameWords === undefined) {
      frameWords = indexWords(frame);
      frames.set(frame, frameWords);
    }
    return { text: unitText.trim(), words: indexWords(unitText), frame, frameWords, section: block.section };
  };
  /** The last sentence read that ends with ":", waiting for its list. */
  let leadIn: TextUnit | undefined;
  for (const block of splitBlocks(text)) {
    if (block.kind === "paragraph") {
      const paragraph = block.lines.join(" ");
      for (const sentence of splitSentences(paragraph)) units.push(makeUnit(sentence.text, block));
      leadIn = units.at(-1)?.text.endsWith(":") ? units.at(-1) : undefined;
    } else if (block.kind === "item") {
      const item = makeUnit(block.lines.join(" "), block);
      units.push(item);
      if (leadIn !== undefined && introduces(leadIn.text, block.introduction)) {
        leadIn.items = [...(leadIn.items ?? []), item.text];
      }
    } else {
      const header = block.header ?? [];
      const rowText = [...header, ...block.lines].join("\n");
      const frame = [block.frame, header[0] ?? ""].filter((part) => part !== "").join("\n");
      units.push({ ...makeUnit(rowText, block, frame), tableHeader: header.join("\n") });
    }
  }
  return units;
}

/** The sentence introducing a list, as the sentence splitter and the line reader each cut it. */
function introduces(sentence: string, introduction: string | undefined): boolean {
  const line = introduction?.trim() ?? "";
  return line !== "" && (sentence.endsWith(line) || line.endsWith(sentence));
}

function splitBlocks(text: string): Block[] {
  const lines = text.split("\n");
  const blocks: Block[] = [];
  let section = "";
  /** A sentence ending in ":" frames the list or table right after it. */
  let introduction = "";
  const frameNow = () => [section, introduction].filter((part) => part !== "").join("\n");
  let current: Block | null = null;
  /** The header rows of the table being read (empty when the passage starts inside a table); null outside one. */
  let table: string[] | null = null;
  const close = () => {
    if (current !== null && current.lines.length > 0) blocks.push(current);
    current = null;
  };
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const open = current as Block | null;
    if (line === "") {
      close();
      // Some loaders (HTML) put blank lines between table rows: the table goes on if a row follows.
      if (!isTableRow(nextLine(lines, index))) table = null;
      return;
    }
    const headingMatch = heading.exec(line);
    if (headingMatch) {
      close();
      section = headingMatch[1] ?? line;
      introduction = "";
      table = null;
      return;
    }
    if (isTableRow(line)) {
      close();
      if (table === null) {
        const next = nextLine(lines, index);
        if (tableSeparator.test(next) || !line.startsWith("|")) {
          // A header row: Markdown marks it with a separator row; plain "a | b" tables (HTML) lead with it.
          table = [markdownRow(line), markdownRow(line).replace(/[^|]+/g, " --- ")];
          return;
        }
        table = [];
      }
      if (tableSeparator.test(line)) return;
      blocks.push({ kind: "row", lines: [markdownRow(line)], frame: frameNow(), section, header: table });
      return;
    }
    table = null;
    if (listItem.test(line)) {
      close();
      current = { kind: "item", lines: [line], frame: frameNow(), section, introduction };
      return;
    }
    const continues = open !== null && continuesLine(open.lines.at(-1) ?? "", line);
    if (continues && open !== null) {
      open.lines.push(line);
      return;
    }
    if (looksLikeHeading(line, lines[index + 1])) {
      close();
      section = line;
      introduction = "";
      return;
    }
    // A line after one that stopped mid-sentence without wrapping (a title, a page header) starts anew.
    if (open?.kind === "paragraph" && endsSentence.test(open.lines.at(-1) ?? "")) open.lines.push(line);
    else {
      close();
      introduction = "";
      current = { kind: "paragraph", lines: [line], frame: frameNow(), section };
    }
    if (line.endsWith(":")) introduction = splitSentences(line).at(-1)?.text ?? line;
  });
  close();
  return blocks;
}

/** A line cut by the page width: the sentence is not over, and the next line goes on in lower case or the cut line is long. */
function continuesLine(previous: string, line: string): boolean {
  if (endsSentence.test(previous)) return false;
  return /^[\p{Ll}\p{N}(]/u.test(line) || previous.length >= wrappedLineLength;
}

function looksLikeHeading(line: string, next: string | undefined): boolean {
  if (line.length > longestHeadingLine || endsSentence.test(line) || /[,]$/.test(line)) return false;
  const following = next?.trim() ?? "";
  return listItem.test(following) || isTableRow(following) || following === "";
}

/** "| a | b |" (Markdown) or "a | b" (tables as some loaders write them). */
function isTableRow(line: string): boolean {
  return pipedRow.test(line) || (line.includes(" | ") && !listItem.test(line));
}

/** The row as a Markdown table row: "a | b" -> "| a | b |". */
function markdownRow(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith("|")) return trimmed;
  return `| ${trimmed} |`;
}

function nextLine(lines: readonly string[], index: number): string {
  for (let next = index + 1; next < lines.length; next++) {
    const line = lines[next]?.trim() ?? "";
    if (line !== "") return line;
  }
  return "";
}
