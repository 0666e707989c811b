import type { webApi } from "@slack/bolt";
import type { ChatCore } from "../../chat-core/chat-core.js";
import type { Logger } from "../../logging/logger.js";
import type { SlackSettings } from "./slack-settings.js";

/** What every Slack handler shares: the settings, the core it calls, the logger, and what the workspace supports. */
export interface SlackContext {
  settings: SlackSettings;
  core: ChatCore;
  logger: Logger;
  /** Learnt from the first refusal: a workspace without them is not asked again. */
  support: { nativeStreaming: boolean; threadStatus: boolean };
  /** Aborted when the adapter stops: answers in progress are cancelled. */
  signal: AbortSignal;
  /** Resolves when a piece of work (an event's start, a question's answer) may run: see event-turns.ts. */
  nextTurn: () => Promise<void>;
}

export type SlackClient = webApi.WebClient;

/** Where one answer goes: a channel, and the thread when the reply is threaded. */
export interface ReplyTarget {
  client: SlackClient;
  channel: string;
  threadTs: string | undefined;
  /** The question's own message (for the reaction indicator). */
  messageTs: string;
  teamId: string | undefined;
  userId: string;
}

/** The Slack Web API error code of a failed call ("unknown_method", "missing_scope"), if it was a platform error. */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === "string" ? data.error : undefined;
}

/**
 * Whether a Slack conversation is a direct message: its channel type says so when the event carries one ("im",
 * or a slash command's channel_name "directmessage"), else DM channel ids start with "D".
 */
export function isSlackDirectMessage(channelId: string, channelType?: string): boolean {
  return channelType === "im" || channelType === "directmessage" || channelId.startsWith("D");
}
