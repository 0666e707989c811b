import { z } from "zod";
import { isScopeName, normaliseScopeName, scopeNameRule } from "../documents/scope-name.js";
import type { Conversation } from "./chat-core.js";

/**
 * The pieces platforms build their access-file sections from (access-file.ts reads the file). Scope names are
 * NFC-normalised (scope-name.ts); an empty list grants no scope; ids are strings (numbers in the file are read as
 * strings, exactly).
 */
const scopeName = z
  .string()
  .transform(normaliseScopeName)
  .refine(isScopeName, { error: `must be ${scopeNameRule}` });
export const scopeList = z.array(scopeName);
export const idList = z.array(z.string().min(1));
const publicOnly = ["public"];

/** Channels mapped to scopes, the default for other channels, the scopes of direct messages, and the admins. */
export const channelSectionShape = {
  channels: z.record(z.string(), scopeList).default({}),
  defaultScopes: scopeList.default(publicOnly),
  directMessageScopes: scopeList.default(publicOnly),
  admins: idList.default([]),
};

export interface ChannelSection {
  channels: Record<string, string[]>;
  defaultScopes: string[];
  directMessageScopes: string[];
  admins: string[];
}

/** A listed channel gets its scopes, an unlisted one the default, a direct message the DM scopes. */
export function channelScopes(conversation: Conversation, section: ChannelSection): readonly string[] {
  if (conversation.isDirectMessage) return section.directMessageScopes;
  return section.channels[conversation.channelId] ?? section.defaultScopes;
}

/** Every scope a channel section grants somewhere. */
export function channelSectionScopes(section: ChannelSection): string[] {
  return [
    ...Object.values(section.channels).flat(),
    ...section.defaultScopes,
    ...section.directMessageScopes,
  ];
}
