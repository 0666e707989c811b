import { z } from "zod";
import {
  type ChannelSection,
  channelScopes,
  channelSectionScopes,
  channelSectionShape,
} from "../../chat-core/access-section.js";
import type { AccessRules } from "../../chat-core/platform-access.js";

/**
 * Slack's section of the access file: channel id -> scopes (a thread counts as its parent channel), the default
 * for other channels, the scopes of direct messages, and the user ids that may run `/docent reindex`.
 */
export const slackAccessSection = z.strictObject(channelSectionShape);

export function slackAccessRules(section: ChannelSection): AccessRules {
  return {
    scopesFor: (conversation) => channelScopes(conversation, section),
    isAdmin: (asker) => section.admins.includes(asker.userId),
    grantedScopes: () => channelSectionScopes(section),
  };
}
