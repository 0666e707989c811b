import { createHash } from "node:crypto";

/** sha256 as hex: for file contents (all 64 characters) and chunk texts (the first 32 are plenty). */
export function hashBytes(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function hashText(text: string): string {
  return hashBytes(text).slice(0, 32);
}
