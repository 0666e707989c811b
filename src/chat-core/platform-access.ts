import type { z } from "zod";
import type { Conversation } from "./chat-core.js";

/**
 * What a chat platform contributes to access decisions: its section of the access file (the top-level key of its
 * name) and the rules worked out from that section: the scopes of a conversation, the admins, and every scope the
 * section grants. The access file is made of the listed platforms' sections, so a new platform brings its own
 * (src/platforms/chat-platform.ts).
 */
export interface PlatformAccess<Section = unknown, Settings = unknown> {
  /** The platform's id ("slack"): its section's key and Conversation.platform. */
  readonly name: string;
  /**
   * Its section's schema: strict (a misspelt key is named), and parsing {} gives the defaults (an absent section:
   * "public" only, no admins).
   */
  readonly accessSection: z.ZodType<Section>;
  /**
   * The rules of one version of its section, built once per version of the file; settings are the platform's own,
   * undefined when it is not configured.
   */
  accessRules(section: Section, settings: Settings | undefined): AccessRules;
}

export interface AccessRules {
  /** The scopes a conversation on this platform may search (the caller drops repeats). */
  scopesFor(conversation: Conversation): readonly string[];
  /** Whether the asker may run admin commands (reindex, the status of every scope). */
  isAdmin(asker: AdminAsker): boolean;
  /** Every scope granted to some conversation: an indexed scope missing from every platform's is searched by none. */
  grantedScopes(): readonly string[];
}

/** Who asks to act as an admin. */
export interface AdminAsker {
  userId: string;
  /** The platform's own sign of a server manager (Discord's Manage Server permission). */
  managesServer?: boolean | undefined;
}
