import { isWebLink, markdownLinkPattern } from "./link-targets.js";

/**
 * Markdown from the engine -> Slack mrkdwn. Headings become bold lines, **bold** becomes *bold*, *italic* becomes
 * _italic_, [text](url) becomes <url|text> for web and mail addresses (any other target: the text alone), list
 * bullets become •, code spans and fenced blocks are kept (the fence's language tag dropped). &, < and > are
 * escaped everywhere, so a text can never ping <!channel> or a user.
 */
const fencePattern = /^\s*(```|~~~)/;

export function markdownToMrkdwn(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const output: string[] = [];
  let inCode = false;
  for (const line of lines) {
    if (fencePattern.test(line)) {
      inCode = !inCode;
      output.push("```");
      continue;
    }
    output.push(inCode ? escapeMrkdwn(line) : convertLine(line));
  }
  // An unclosed fence (a cut stream) is closed so the rest of the message is not swallowed.
  if (inCode) output.push("```");
  return output.join("\n");
}

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function convertLine(line: string): string {
  const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
  if (heading) return `*${convertInline(stripEmphasis(heading[1] ?? ""))}*`;
  if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) return "──────────";
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet) return `${bullet[1] ?? ""}• ${convertInline(bullet[2] ?? "")}`;
  const quote = /^\s{0,3}>\s?(.*)$/.exec(line);
  if (quote) return `> ${convertInline(quote[1] ?? "")}`;
  return convertInline(line);
}

function stripEmphasis(text: string): string {
  return text.replace(/(\*\*|__)(.+?)\1/g, "$2");
}

/** Converts one line outside code blocks; code spans and links are set aside so their text is left alone. */
function convertInline(line: string): string {
  const kept: string[] = [];
  const keep = (text: string) => `\uE000${kept.push(text) - 1}\uE001`;
  let text = line.replace(/[\uE000-\uE002]/g, "").replace(/`[^`]+`/g, (span) => keep(escapeMrkdwn(span)));
  text = text.replace(markdownLinkPattern, (_match, label: string, url: string) =>
    keep(formatLink(url, label)),
  );
  text = text.replace(/<(https?:\/\/[^>\s]+)>/g, (_match, url: string) => keep(formatLink(url, "")));
  text = escapeMrkdwn(text);
  text = text
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, "\uE002$2\uE002")
    .replace(/(^|[^\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])/g, "$1_$2_")
    .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, "~$1~")
    .replace(/\uE002/g, "*");
  return text.replace(/\uE000(\d+)\uE001/g, (_match, index: string) => kept[Number(index)] ?? "");
}

function formatLink(url: string, label: string): string {
  if (!isWebLink(url)) return escapeMrkdwn(stripEmphasis(label)).trim();
  const safeUrl = url.replace(/&/g, "&amp;").replace(/[<>|]/g, encodeURIComponent);
  const safeLabel = escapeMrkdwn(stripEmphasis(label).replace(/\|/g, "¦")).trim();
  return safeLabel === "" || safeLabel === safeUrl ? `<${safeUrl}>` : `<${safeUrl}|${safeLabel}>`;
}
