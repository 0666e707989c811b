import { z } from "zod";
import {
  type ChannelSection,
  channelScopes,
  channelSectionScopes,
  channelSectionShape,
  scopeList,
} from "../../src/chat-core/access-section.js";
import type { ChatCore, ChatReply, Conversation } from "../../src/chat-core/chat-core.js";
import { optionalText } from "../../src/config/setting-types.js";
import { DocentError } from "../../src/errors.js";
import type { ChatPlatform } from "../../src/platforms/chat-platform.js";

/**
 * A throwaway chat platform, written here and registered nowhere in src/: what adding Microsoft Teams would take.
 * Its own variables (TEAMS_APP_ID, TEAMS_APP_PASSWORD), its own section of the access file (channels, plus team id
 * -> scopes for every channel of a team), and a start that hands the test a way to deliver messages the way a real
 * adapter turns events into calls of the core.
 */
export interface TeamsSettings {
  appId: string;
  password: string;
}

const teamsVariables = z.object({ TEAMS_APP_ID: optionalText, TEAMS_APP_PASSWORD: optionalText });

const teamsAccessSection = z.strictObject({
  ...channelSectionShape,
  /** Team id -> scopes every channel of that team adds (a conversation's channel id is "<team>/<channel>"). */
  teams: z.record(z.string(), scopeList).default({}),
});
type TeamsAccess = ChannelSection & { teams: Record<string, string[]> };

/** What the test sees of the platform while it runs. */
export interface TeamsProbe {
  started: TeamsSettings[];
  stopped: number;
  connected: boolean;
  /** Delivers a message from a Teams channel, as the platform's event handler would. */
  deliver(channelId: string, userId: string, text: string): Promise<ChatReply>;
  core: ChatCore | null;
}

export function createThrowawayPlatform(): { platform: ChatPlatform; probe: TeamsProbe } {
  const probe: TeamsProbe = {
    started: [],
    stopped: 0,
    connected: false,
    core: null,
    deliver() {
      throw new Error("Teams has not started");
    },
  };
  const platform: ChatPlatform<TeamsSettings, TeamsAccess> = {
    name: "teams",
    title: "Teams",
    variables: teamsVariables,
    configuredBy: "TEAMS_APP_ID (with TEAMS_APP_PASSWORD)",
    readSettings(variables: z.infer<typeof teamsVariables>) {
      if (variables.TEAMS_APP_ID === undefined) return undefined;
      if (variables.TEAMS_APP_PASSWORD === undefined) {
        throw new DocentError(
          "CONFIG_INVALID",
          "Invalid configuration. Set TEAMS_APP_PASSWORD along with TEAMS_APP_ID",
        );
      }
      return { appId: variables.TEAMS_APP_ID, password: variables.TEAMS_APP_PASSWORD };
    },
    accessSection: teamsAccessSection,
    accessRules: (section) => ({
      scopesFor: (conversation: Conversation) => [
        ...channelScopes(conversation, section),
        ...(section.teams[conversation.channelId.split("/")[0] ?? ""] ?? []),
      ],
      isAdmin: (asker) => section.admins.includes(asker.userId),
      grantedScopes: () => [...channelSectionScopes(section), ...Object.values(section.teams).flat()],
    }),
    async start(settings, { core }) {
      probe.started.push(settings);
      probe.connected = true;
      probe.core = core;
      probe.deliver = (channelId, userId, text) =>
        core.ask({
          conversation: { platform: "teams", channelId, isDirectMessage: false, userId },
          text,
          history: [],
        });
      return {
        connected: () => probe.connected,
        async stop() {
          probe.stopped++;
          probe.connected = false;
        },
        facts: () => ({ teamsApp: settings.appId }),
      };
    },
    async checkCredentials(settings) {
      if (settings === undefined) return [{ ok: null, detail: "not configured (TEAMS_APP_ID is unset)" }];
      return [{ ok: true, detail: `TEAMS_APP_ID ${settings.appId} (a throwaway platform: nothing to try)` }];
    },
  };
  return { platform, probe };
}
