import type { BlockObjectResponse, RichTextItemResponse } from "@notionhq/client";
import type { BlockNode } from "./read-blocks.js";
import { plainText, richTextToMarkdown } from "./rich-text.js";
import { tableToMarkdown } from "./table-to-markdown.js";

/** One rendered block: list items follow each other line by line, everything else is set apart by a blank line. */
interface Part {
  text: string;
  listItem: boolean;
}

/**
 * A page's blocks as Markdown, so that the loader splits it by heading like any Markdown file: headings one level
 * below the page's title (heading_1 is "##"), bulleted and numbered lists with their nested items, to-dos as
 * "- [ ]" and "- [x]", tables as Markdown tables, quotes and callouts as quotes, code as fenced code, toggles as
 * their summary followed by their content. Sub-pages and databases are named (they are documents of their own);
 * files and images by their caption; layout blocks (columns, synced blocks) by their content.
 */
export function blocksToMarkdown(nodes: readonly BlockNode[]): string {
  return joinParts(renderNodes(nodes));
}

function renderNodes(nodes: readonly BlockNode[]): Part[] {
  const parts: Part[] = [];
  let number = 0;
  for (const node of nodes) {
    number = node.block.type === "numbered_list_item" ? number + 1 : 0;
    const text = renderNode(node, number);
    if (text.trim() === "") continue;
    parts.push({ text, listItem: isListItem(node.block) });
  }
  return parts;
}

function joinParts(parts: readonly Part[]): string {
  let markdown = "";
  parts.forEach((part, index) => {
    const previous = parts[index - 1];
    if (previous !== undefined) markdown += previous.listItem && part.listItem ? "\n" : "\n\n";
    markdown += part.text;
  });
  return markdown;
}

function isListItem(block: BlockObjectResponse): boolean {
  return ["bulleted_list_item", "numbered_list_item", "to_do"].includes(block.type);
}

function renderNode(node: BlockNode, number: number): string {
  const { block } = node;
  const content = () => joinParts(renderNodes(node.children));
  switch (block.type) {
    case "paragraph":
      return followedBy(richTextToMarkdown(block.paragraph.rich_text), content());
    case "heading_1":
      return followedBy(`## ${plainText(block.heading_1.rich_text)}`, content());
    case "heading_2":
      return followedBy(`### ${plainText(block.heading_2.rich_text)}`, content());
    case "heading_3":
      return followedBy(`#### ${plainText(block.heading_3.rich_text)}`, content());
    case "heading_4":
      return followedBy(`##### ${plainText(block.heading_4.rich_text)}`, content());
    case "bulleted_list_item":
      return listItem("- ", richTextToMarkdown(block.bulleted_list_item.rich_text), content());
    case "numbered_list_item":
      return listItem(`${number}. `, richTextToMarkdown(block.numbered_list_item.rich_text), content());
    case "to_do":
      return listItem(
        block.to_do.checked ? "- [x] " : "- [ ] ",
        richTextToMarkdown(block.to_do.rich_text),
        content(),
      );
    case "toggle":
      return followedBy(richTextToMarkdown(block.toggle.rich_text), content());
    case "quote":
      return quoted(followedBy(richTextToMarkdown(block.quote.rich_text), content()));
    case "callout":
      return quoted(followedBy(withIcon(block), content()));
    case "code":
      return fenced(plainText(block.code.rich_text), block.code.language);
    case "table":
      return tableToMarkdown(block, node.children);
    case "divider":
      return "---";
    case "equation":
      return `$$ ${block.equation.expression} $$`;
    case "child_page":
      return `Sub-page: ${block.child_page.title}`;
    case "child_database":
      return `Database: ${block.child_database.title}`;
    case "bookmark":
    case "embed":
    case "link_preview":
      return linkTo(block);
    case "image":
    case "video":
    case "file":
    case "pdf":
    case "audio":
      return captionOf(block);
    default:
      // Columns, synced blocks, templates and what Notion adds next: their content, if any.
      return content();
  }
}

function followedBy(first: string, rest: string): string {
  return rest === "" ? first : first === "" ? rest : `${first}\n\n${rest}`;
}

/** A list item: its text after the marker, its nested blocks indented under it. */
function listItem(marker: string, text: string, nested: string): string {
  const indent = " ".repeat(marker.length);
  const body = followedBy(text, nested);
  const lines = body.split("\n").map((line, index) => `${index === 0 ? marker : indent}${line}`.trimEnd());
  return lines.join("\n");
}

function quoted(text: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? ">" : `> ${line}`))
    .join("\n");
}

function withIcon(block: Extract<BlockObjectResponse, { type: "callout" }>): string {
  const icon = block.callout.icon;
  const emoji = icon?.type === "emoji" ? `${icon.emoji} ` : "";
  return `${emoji}${richTextToMarkdown(block.callout.rich_text)}`;
}

function fenced(code: string, language: string): string {
  let fence = "```";
  while (code.includes(fence)) fence += "`";
  const info = /^[\w#+.-]+$/.test(language) && language !== "plain" ? language : "";
  return `${fence}${info}\n${code}\n${fence}`;
}

function linkTo(
  block: Extract<BlockObjectResponse, { type: "bookmark" | "embed" | "link_preview" }>,
): string {
  const target =
    block.type === "bookmark" ? block.bookmark : block.type === "embed" ? block.embed : block.link_preview;
  const caption = "caption" in target ? plainText(target.caption as RichTextItemResponse[]) : "";
  return /^https?:\/\//.test(target.url) ? `[${caption || target.url}](${target.url})` : caption;
}

/** A file's or an image's caption: its address is a signed link that expires within the hour, so it is left out. */
function captionOf(block: BlockObjectResponse): string {
  const media = (block as unknown as Record<string, { caption?: unknown } | undefined>)[block.type];
  return Array.isArray(media?.caption) ? plainText(media.caption as RichTextItemResponse[]) : "";
}
