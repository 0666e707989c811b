/**
 * PostgreSQL's text cannot hold U+0000: a parameter with it fails with "invalid byte sequence for encoding UTF8:
 * 0x00" (and jsonb refuses "\u0000"). Every text that comes from outside (a question, an event id, a document's
 * text) passes through here on its way in: NUL becomes U+FFFD, the replacement character, which no search term
 * contains. Without this, one NUL in a chat message made its question fail with "something went wrong".
 */
export function postgresText(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "\uFFFD") : text;
}

export function postgresTextOrNull(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : postgresText(text);
}
