import type { AccessFile } from "./access-file.js";
import type { Conversation } from "./chat-core.js";
import type { AccessRules, PlatformAccess } from "./platform-access.js";

/**
 * Access decisions from the access file: the scopes a conversation may search and who is an admin, each decided
 * by the rules of the conversation's platform over its section (platform-access.ts). A platform that is not listed
 * gets no scope and no admin.
 */
export interface AccessPolicy {
  scopesFor(conversation: Conversation): string[];
  isAdmin(platform: string, userId: string, options?: { managesServer?: boolean | undefined }): boolean;
}

export function createAccessPolicy(
  access: AccessFile,
  platforms: readonly PlatformAccess[],
  settings: Readonly<Record<string, unknown>>,
): AccessPolicy {
  const rules = new Map<string, AccessRules>(
    platforms.map((platform) => [
      platform.name,
      platform.accessRules(access[platform.name], settings[platform.name]),
    ]),
  );
  return {
    scopesFor(conversation) {
      return unique(rules.get(conversation.platform)?.scopesFor(conversation) ?? []);
    },
    isAdmin(platform, userId, options) {
      return rules.get(platform)?.isAdmin({ userId, managesServer: options?.managesServer }) ?? false;
    },
  };
}

/** Every scope some conversation on some listed platform may search. */
export function grantedScopes(access: AccessFile, platforms: readonly PlatformAccess[]): Set<string> {
  return new Set(
    platforms.flatMap((platform) => [
      ...platform.accessRules(access[platform.name], undefined).grantedScopes(),
    ]),
  );
}

function unique(scopes: readonly string[]): string[] {
  return [...new Set(scopes)];
}
