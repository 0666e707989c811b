import type { RichTextItemResponse } from "@notionhq/client";

/**
 * Notion rich text as Markdown: bold, italic, strikethrough and inline code kept, links as [text](href); mentions
 * and equations by the text Notion shows for them (plain_text).
 */
export function richTextToMarkdown(items: readonly RichTextItemResponse[] | undefined): string {
  if (!Array.isArray(items)) return "";
  return items.map(itemToMarkdown).join("");
}

/** The text alone, without any Markdown: for titles and table cells' plain reading. */
export function plainText(items: readonly RichTextItemResponse[] | undefined): string {
  if (!Array.isArray(items)) return "";
  return items.map((item) => item?.plain_text ?? "").join("");
}

function itemToMarkdown(item: RichTextItemResponse): string {
  const text = item?.plain_text ?? "";
  if (text.trim() === "") return text;
  const annotations = item.annotations;
  // Markup goes around the words, not the spaces next to them ("**bold** text", never "**bold **text").
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  const [before, core, after] = [text.slice(0, start), text.slice(start, end), text.slice(end)];
  let marked = annotations?.code ? `\`${core}\`` : core;
  if (annotations?.bold) marked = `**${marked}**`;
  if (annotations?.italic) marked = `_${marked}_`;
  if (annotations?.strikethrough) marked = `~~${marked}~~`;
  if (item.href && /^https?:\/\//.test(item.href)) marked = `[${marked}](${item.href})`;
  return `${before}${marked}${after}`;
}
