/**
 * Which Markdown link targets become links in Slack. Only web and mail addresses: anything else ("!channel",
 * "@U123", "!subteam^S1", "#C1", a relative path) would turn into a mention, a channel reference or a dead link,
 * so such a link is shown as its plain text and no answer or document can notify a channel or a person.
 */
export function isWebLink(target: string): boolean {
  return /^(?:https?:\/\/|mailto:)/i.test(target.trim());
}

/** A Markdown link or image: [label](target "title"), the target optionally in <...>. */
export const markdownLinkPattern = /!?\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"\n]*")?\s*\)/g;

/** Markdown with every link to a non-web target replaced by its label. */
export function unlinkNonWebTargets(markdown: string): string {
  return markdown.replace(markdownLinkPattern, (link, label: string, target: string) =>
    isWebLink(target) ? link : label,
  );
}
