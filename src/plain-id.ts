/**
 * A plain id: what names a chat platform ("slack", "discord", "teams") wherever one is stored or keyed (feedback
 * votes, event ids already handled, metrics labels, config and access-file sections, /readyz checks). Lower-case
 * letters, digits and hyphens, starting with a letter, at most 32 characters: safe in a file, a SQL column, a
 * Prometheus label and a YAML key alike.
 */
const plainIdPattern = /^[a-z][a-z0-9-]{0,31}$/;

export const plainIdRule =
  "lower-case letters, digits and hyphens, starting with a letter, at most 32 characters";

export function isPlainId(value: string): boolean {
  return plainIdPattern.test(value);
}
