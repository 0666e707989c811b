import { discordPlatform } from "../adapters/discord/discord-platform.js";
import { slackPlatform } from "../adapters/slack/slack-platform.js";
import type { ChatPlatform } from "../platforms/chat-platform.js";

/**
 * The chat platforms docent serves, in the order they start, are checked and are listed in status. Adding one is
 * its folder under src/adapters/ (an object implementing src/platforms/chat-platform.ts) and one line here.
 */
export const chatPlatforms: readonly ChatPlatform[] = [slackPlatform, discordPlatform];
