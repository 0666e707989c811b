/**
 * The listed platforms' titles in a sentence: "Slack and Discord", "Slack or Discord", "Slack, Discord and Teams";
 * "no chat platform" for an empty list.
 */
export function joinTitles(platforms: readonly { title: string }[], word: "and" | "or" | "and/or"): string {
  const titles = platforms.map((platform) => platform.title);
  const last = titles.pop();
  if (last === undefined) return "no chat platform";
  return titles.length === 0 ? last : `${titles.join(", ")} ${word} ${last}`;
}
