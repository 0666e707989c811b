import { escapeMarkdown } from "discord.js";
import type { Answer, Citation } from "../../answer/answer-types.js";
import { answerText } from "../../rendering/reply-sentences.js";

/**
 * An answer in Discord markdown: the text as the engine wrote it (Discord reads Markdown), then its sources, each
 * a masked link when the source has a URL (in <…> so that Discord shows no preview card) or its file and page.
 */
export const sourcesHeading = "**Sources**";

/** Discord refuses messages over 2,000 characters. */
export const discordMessageLimit = 2000;

export function renderAnswer(answer: Answer): string {
  const text = answerText(answer).trim();
  if (answer.citations.length === 0) return text;
  return `${text}\n\n${sourcesHeading}\n${answer.citations.map(renderCitation).join("\n")}`;
}

export function renderCitation(citation: Citation): string {
  const place = citation.page === null ? citation.source : `${citation.source}, page ${citation.page}`;
  const label = escapeMarkdown(place).replace(/[[\]]/g, "\\$&");
  const heading = citation.heading ? ` (${escapeMarkdown(citation.heading)})` : "";
  const source = citation.url ? `[${label}](<${encodeUnsafe(citation.url)}>)` : label;
  return `[${citation.n}] ${source}${heading}`;
}

/** Characters that would end a masked link early, percent-encoded. */
function encodeUnsafe(url: string): string {
  return url.replace(/[()<> ]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Our own answer as history: the text without the sources list the adapter added. */
export function stripSources(content: string): string {
  const at = content.indexOf(`\n${sourcesHeading}\n`);
  return (at === -1 ? content : content.slice(0, at)).trim();
}
