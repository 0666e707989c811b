import { HTMLElement, type Node, NodeType } from "node-html-parser";
import type { DocumentSection } from "../../src/documents/chunk.js";
import { HtmlTextBuilder } from "./html-text-builder.js";

/** Elements whose content is never document text. */
const droppedElements = new Set([
  "head",
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "canvas",
  "iframe",
  "object",
  "select",
  "nav",
  "aside",
]);
/** Page chrome: dropped around the main text, kept inside a <main> or <article> (an article's own header). */
const chromeElements = new Set(["header", "footer"]);
const lineElements = new Set(["li", "tr", "dt", "dd", "caption", "figcaption", "option"]);
const paragraphElements = new Set([
  ...["p", "div", "section", "article", "main", "body", "blockquote", "address", "details", "summary"],
  ...["ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "figure", "form", "fieldset", "hr", "center"],
  ...["header", "footer"],
]);

export interface HtmlSectionOptions {
  /** Drop <header> and <footer> (true when the text comes from <body> rather than <main> or <article>). */
  dropPageChrome: boolean;
}

/**
 * The text of an element as sections: h1-h6 start sections (with the path of headings above them), block elements
 * become paragraph breaks, list items and table rows become lines (cells separated by " | ").
 */
export function extractHtmlSections(root: HTMLElement, options: HtmlSectionOptions): DocumentSection[] {
  const builder = new HtmlTextBuilder();
  walkChildren(root, builder, options);
  builder.closeSection();
  return builder.sections;
}

function walkChildren(element: HTMLElement, builder: HtmlTextBuilder, options: HtmlSectionOptions): void {
  for (const child of element.childNodes) walkNode(child, builder, options);
}

function walkNode(node: Node, builder: HtmlTextBuilder, options: HtmlSectionOptions): void {
  if (node.nodeType === NodeType.TEXT_NODE) builder.appendText(node.text);
  if (!(node instanceof HTMLElement)) return;
  const element = node;
  const tag = element.tagName?.toLowerCase() ?? "";
  if (droppedElements.has(tag) || (options.dropPageChrome && chromeElements.has(tag))) return;
  const headingLevel = /^h[1-6]$/.test(tag) ? Number(tag.slice(1)) : 0;
  if (headingLevel > 0) {
    const text = element.text.replace(/\s+/g, " ").trim();
    if (text !== "") builder.openSection(headingLevel, text);
    return;
  }
  if (tag === "br") {
    builder.breakLine();
  } else if (tag === "pre") {
    builder.openPreformatted();
    walkChildren(element, builder, options);
    builder.closePreformatted();
  } else if (tag === "td" || tag === "th") {
    if (element.previousElementSibling) builder.appendText(" | ");
    walkChildren(element, builder, options);
  } else {
    walkBlock(element, tag, builder, options);
  }
}

function walkBlock(
  element: HTMLElement,
  tag: string,
  builder: HtmlTextBuilder,
  options: HtmlSectionOptions,
): void {
  const isLine = lineElements.has(tag);
  const isParagraph = !isLine && paragraphElements.has(tag);
  if (isParagraph) builder.breakParagraph();
  if (isLine) builder.breakLine();
  if (tag === "li") builder.appendText(describeListMarker(element));
  walkChildren(element, builder, options);
  if (isParagraph) builder.breakParagraph();
  if (isLine) builder.breakLine();
}

/** The number the next item of each ordered list gets; the walk visits items in document order. */
const nextItemNumbers = new WeakMap<HTMLElement, number>();

/** "- " in unordered lists, "3. " for the third item of an ordered one. */
function describeListMarker(item: HTMLElement): string {
  const list = item.parentNode;
  if (list === null || list.tagName?.toLowerCase() !== "ol") return "- ";
  const start = Number.parseInt(list.getAttribute("start") ?? "1", 10);
  const number = nextItemNumbers.get(list) ?? (Number.isNaN(start) ? 1 : start);
  nextItemNumbers.set(list, number + 1);
  return `${number}. `;
}
