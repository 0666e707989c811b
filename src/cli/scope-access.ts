import { existsSync } from "node:fs";
import path from "node:path";
import { loadAccessFile } from "../chat-core/access-file.js";
import { grantedScopes } from "../chat-core/access-policy.js";
import type { ChatPlatform } from "../platforms/chat-platform.js";
import { joinTitles } from "../platforms/platform-titles.js";
import { chatPlatforms } from "./chat-platforms.js";

/**
 * The scope trap: a document's scope is its first folder, and chat conversations see only the scopes the access
 * file grants them (without a file: `public`), while the console sees every scope. These helpers find the indexed
 * scopes no conversation on any listed platform may search, and say what to do about it.
 */
export function scopesWithoutAccess(
  accessFile: string,
  scopes: readonly string[],
  platforms: readonly ChatPlatform[] = chatPlatforms,
): string[] {
  const granted = grantedScopes(loadAccessFile(accessFile, platforms), platforms);
  return scopes.filter((scope) => !granted.has(scope));
}

/** One paragraph naming the scopes, their documents, and the file to edit. */
export function describeScopesWithoutAccess(
  hidden: readonly string[],
  documentsByScope: Readonly<Record<string, number>>,
  accessFile: string,
  platforms: readonly ChatPlatform[] = chatPlatforms,
): string {
  const documents = hidden.reduce((total, scope) => total + (documentsByScope[scope] ?? 0), 0);
  const relative = path.relative(process.cwd(), accessFile);
  const file =
    relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? accessFile : relative;
  const why = existsSync(accessFile)
    ? `${file} grants ${hidden.length === 1 ? "it" : "them"} to no channel, role or direct message`
    : `there is no access file (${file}), so every conversation sees only "public"`;
  return [
    `${joinTitles(platforms, "and")} cannot search the scope${hidden.length === 1 ? "" : "s"} ${hidden.join(", ")} ` +
      `(${documents} document${documents === 1 ? "" : "s"}): ${why}.`,
    `The console sees every scope, so answers that work here would not come in ${joinTitles(platforms, "or")}. ` +
      "Map channels to " +
      `these scopes in ${file} (start from config/access.example.yaml; README "Access"), or put the documents ` +
      "everyone may read under public/.",
  ].join("\n");
}
