import type { Platform } from "../shared-state/shared-state.js";
import { type AccessFile, directMessagesPlace, listedChannelsShorthand } from "./access-file.js";
import type { Conversation } from "./chat-core.js";

/**
 * Access decisions from the access file: the scopes a conversation may search and who is an admin.
 * Slack: a listed channel gets its scopes, an unlisted one the default, a DM the DM scopes.
 * Discord: the same, plus the scopes of the asker's mapped roles, but only in the places `roleScopesIn` names
 * (by default direct messages only), so a role's documents never show up in a channel that did not ask for them.
 */
export interface AccessPolicy {
  scopesFor(conversation: Conversation): string[];
  isAdmin(platform: Platform, userId: string, options?: { managesServer?: boolean }): boolean;
}

export function createAccessPolicy(
  access: AccessFile,
  options: { adminsByManageServer: boolean },
): AccessPolicy {
  const roleScopePlaces = new Set(
    access.discord.roleScopesIn === listedChannelsShorthand
      ? [directMessagesPlace, ...Object.keys(access.discord.channels)]
      : access.discord.roleScopesIn,
  );
  return {
    scopesFor(conversation) {
      const settings = access[conversation.platform];
      const base = conversation.isDirectMessage
        ? settings.directMessageScopes
        : (settings.channels[conversation.channelId] ?? settings.defaultScopes);
      if (conversation.platform !== "discord") return unique(base);
      const place = conversation.isDirectMessage ? directMessagesPlace : conversation.channelId;
      if (!roleScopePlaces.has(place)) return unique(base);
      const roleScopes = (conversation.roleIds ?? []).flatMap((roleId) => access.discord.roles[roleId] ?? []);
      return unique([...base, ...roleScopes]);
    },
    isAdmin(platform, userId, adminOptions) {
      if (access[platform].admins.includes(userId)) return true;
      return platform === "discord" && options.adminsByManageServer && adminOptions?.managesServer === true;
    },
  };
}

function unique(scopes: readonly string[]): string[] {
  return [...new Set(scopes)];
}
