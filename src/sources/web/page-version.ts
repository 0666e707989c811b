import { hashBytes } from "../../documents/content-hash.js";

/**
 * A page's version is what the server gives to ask for it conditionally: its ETag, else its Last-Modified date,
 * else (a server that gives neither) the hash of its bytes. The version says which: "etag ...", "modified ...",
 * "sha256 ...".
 */
export function pageVersion(headers: Headers, bytes: Uint8Array): string {
  const etag = headers.get("etag");
  if (etag !== null && etag.trim() !== "") return `etag ${etag.trim()}`;
  const modified = headers.get("last-modified");
  if (modified !== null && !Number.isNaN(Date.parse(modified))) return `modified ${modified.trim()}`;
  return `sha256 ${hashBytes(bytes)}`;
}

/** The headers that ask for a page only if it changed since the version the index holds (none for a hash). */
export function conditionalHeaders(version: string | undefined): Record<string, string> {
  if (version?.startsWith("etag ")) return { "if-none-match": version.slice("etag ".length) };
  if (version?.startsWith("modified ")) return { "if-modified-since": version.slice("modified ".length) };
  return {};
}
