import type { ChannelSection } from "../../chat-core/access-section.js";
import type { ChatPlatform } from "../../platforms/chat-platform.js";
import { slackAccessRules, slackAccessSection } from "./slack-access.js";
import { readSlackSettings, type SlackSettings, slackVariables } from "./slack-settings.js";

/**
 * Slack, on Bolt: Socket Mode or the HTTP Events API (start-slack-adapter.ts). Bolt is loaded when Slack starts or
 * is checked, so that the commands that only read the settings or the access file do not pay for it.
 */
export const slackPlatform: ChatPlatform<SlackSettings, ChannelSection> = {
  name: "slack",
  title: "Slack",
  variables: slackVariables,
  configuredBy: "SLACK_BOT_TOKEN (with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET)",
  readSettings: readSlackSettings,
  accessSection: slackAccessSection,
  accessRules: slackAccessRules,
  async start(settings, { core, logger }) {
    const { startSlackAdapter } = await import("./start-slack-adapter.js");
    const adapter = await startSlackAdapter({ settings, core, logger });
    return {
      connected: () => adapter.connected(),
      stop: () => adapter.stop(),
      facts: () => ({ slackPort: adapter.port }),
    };
  },
  async checkCredentials(settings, logger) {
    const { checkSlackCredentials } = await import("./check-slack-credentials.js");
    return checkSlackCredentials(settings, logger);
  },
};
