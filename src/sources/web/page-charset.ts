import { TextDecoder } from "node:util";

const utf8Labels = new Set(["utf-8", "utf8", "unicode-1-1-utf-8", "us-ascii", "ascii"]);

/**
 * A text page's bytes as UTF-8, which docent's loaders read: a page the server says (Content-Type charset, else a
 * <meta charset> near its start) is in another encoding (windows-1252, ISO-8859-1, Shift_JIS...) is transcoded;
 * one in UTF-8, or in an encoding nobody names or Node does not know, is left as it is.
 */
export function asUtf8(bytes: Buffer, contentType: string | null): Buffer {
  const label = charsetOf(contentType ?? "") ?? metaCharset(bytes);
  if (label === undefined || utf8Labels.has(label)) return bytes;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    return bytes;
  }
  return decoder.encoding === "utf-8" ? bytes : Buffer.from(decoder.decode(bytes), "utf8");
}

function charsetOf(text: string): string | undefined {
  return /charset\s*=\s*["']?([\w.:-]+)/i.exec(text)?.[1]?.toLowerCase();
}

/** <meta charset="..."> or <meta http-equiv="Content-Type" content="...; charset=...">, in the first 1,024 bytes. */
function metaCharset(bytes: Buffer): string | undefined {
  const start = bytes.subarray(0, 1024).toString("latin1");
  const meta = /<meta\b[^<>]*charset[^<>]*>/i.exec(start)?.[0];
  return meta === undefined ? undefined : charsetOf(meta);
}
