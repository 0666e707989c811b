import { z } from "zod";
import {
  channelScopes,
  channelSectionScopes,
  channelSectionShape,
  scopeList,
} from "../../chat-core/access-section.js";
import type { AccessRules } from "../../chat-core/platform-access.js";
import type { DiscordSettings } from "./discord-settings.js";

const directMessagesPlace = "direct-messages";
const listedChannelsShorthand = "direct-messages-and-listed-channels";

/**
 * Discord's section of the access file: Slack's (channels, defaultScopes, directMessageScopes, admins) plus role
 * id -> scopes, and where a member's role scopes add up: "direct-messages" and/or channel ids, or the shorthand
 * for direct messages and every listed channel. By default direct messages only, so that a role's documents never
 * show up in a channel that did not ask for them.
 */
export const discordAccessSection = z.strictObject({
  ...channelSectionShape,
  roles: z.record(z.string(), scopeList).default({}),
  roleScopesIn: z
    .union([z.literal(listedChannelsShorthand), z.array(z.string().min(1))])
    .default([directMessagesPlace]),
});

export type DiscordAccess = z.infer<typeof discordAccessSection>;

/** Admins: the listed user ids, and members with Manage Server unless DISCORD_ADMINS_BY_MANAGE_SERVER=false. */
export function discordAccessRules(
  section: DiscordAccess,
  settings: DiscordSettings | undefined,
): AccessRules {
  const roleScopePlaces = new Set(
    section.roleScopesIn === listedChannelsShorthand
      ? [directMessagesPlace, ...Object.keys(section.channels)]
      : section.roleScopesIn,
  );
  const adminsByManageServer = settings?.adminsByManageServer ?? false;
  return {
    scopesFor(conversation) {
      const base = channelScopes(conversation, section);
      const place = conversation.isDirectMessage ? directMessagesPlace : conversation.channelId;
      if (!roleScopePlaces.has(place)) return base;
      const roleScopes = (conversation.roleIds ?? []).flatMap((roleId) => section.roles[roleId] ?? []);
      return [...base, ...roleScopes];
    },
    isAdmin: (asker) =>
      section.admins.includes(asker.userId) || (adminsByManageServer && asker.managesServer === true),
    grantedScopes: () => [...channelSectionScopes(section), ...Object.values(section.roles).flat()],
  };
}
