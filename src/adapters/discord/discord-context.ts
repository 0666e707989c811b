import type { Client } from "discord.js";
import type { ChatCore } from "../../chat-core/chat-core.js";
import type { Logger } from "../../logging/logger.js";
import type { DiscordSettings } from "./discord-settings.js";
import type { AnswerMemory } from "./feedback-buttons.js";

/** What every Discord handler needs, built once at start. */
export interface AdapterContext {
  client: Client<true>;
  core: ChatCore;
  logger: Logger;
  settings: DiscordSettings;
  memory: AnswerMemory;
  /** Aborted when the adapter stops: answers in progress are cancelled. */
  signal: AbortSignal;
}
