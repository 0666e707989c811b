/**
 * Slack message text -> plain text for the core: the bot's own mention removed, other mentions and channel
 * references kept readable, links unwrapped, Slack's &amp; &lt; &gt; escapes undone.
 */
export function slackToPlainText(text: string | undefined, botUserId: string | undefined): string {
  let plain = text ?? "";
  if (botUserId !== undefined) plain = plain.replaceAll(`<@${botUserId}>`, " ");
  return plain
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]+))?>/g, (_match, id: string, name?: string) => `@${name ?? id}`)
    .replace(/<#([CG][A-Z0-9]+)(?:\|([^>]*))?>/g, (_match, id: string, name?: string) => `#${name || id}`)
    .replace(/<!(\w+)(?:\|[^>]*)?>/g, "@$1")
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, "$2 ($1)")
    .replace(/<((?:https?|mailto):[^>]+)>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+/g, " ")
    .trim();
}

/** Message subtypes that carry a person's question; edits, deletions, joins and the like do not. */
const questionSubtypes = new Set([undefined, "file_share", "thread_broadcast"]);

export function isQuestionSubtype(subtype: string | undefined): boolean {
  return questionSubtypes.has(subtype);
}

export function mentionsUser(text: string | undefined, userId: string | undefined): boolean {
  return userId !== undefined && (text ?? "").includes(`<@${userId}>`);
}
