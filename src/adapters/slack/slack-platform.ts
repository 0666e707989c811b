import type { ChannelSection } from "../../chat-core/access-section.js";
import type { ChatPlatform } from "../../platforms/chat-platform.js";
import { checkSlackCredentials } from "./check-slack-credentials.js";
import { slackAccessRules, slackAccessSection } from "./slack-access.js";
import { readSlackSettings, type SlackSettings, slackVariables } from "./slack-settings.js";
import { startSlackAdapter } from "./start-slack-adapter.js";

/** Slack, on Bolt: Socket Mode or the HTTP Events API (start-slack-adapter.ts). */
export const slackPlatform: ChatPlatform<SlackSettings, ChannelSection> = {
  name: "slack",
  title: "Slack",
  variables: slackVariables,
  configuredBy: "SLACK_BOT_TOKEN (with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET)",
  readSettings: readSlackSettings,
  accessSection: slackAccessSection,
  accessRules: slackAccessRules,
  async start(settings, { core, logger }) {
    const adapter = await startSlackAdapter({ settings, core, logger });
    return {
      connected: () => adapter.connected(),
      stop: () => adapter.stop(),
      facts: () => ({ slackPort: adapter.port }),
    };
  },
  checkCredentials: checkSlackCredentials,
};
