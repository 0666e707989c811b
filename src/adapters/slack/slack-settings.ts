import { z } from "zod";
import { booleanSetting, integerSetting, optionalText, serverUrl } from "../../config/setting-types.js";
import { DocentError } from "../../errors.js";

/** Slack's environment variables (README: Connecting Slack), merged into the configuration by config.ts. */
export const slackVariables = z.object({
  SLACK_BOT_TOKEN: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_API_URL: serverUrl,
  SLACK_SLASH_COMMAND: z
    .string()
    .regex(/^\/[\w-]+$/, "a slash and a name, like /docent")
    .default("/docent"),
  SLACK_ANSWER_FOLLOW_UPS: booleanSetting.default(true),
  SLACK_IGNORE_BOTS: booleanSetting.default(true),
  PORT: integerSetting(0, 65_535).default(3000),
  SLACK_HTTP_HOST: z.string().min(1).default("0.0.0.0"),
});

export interface SlackSettings {
  botToken: string;
  /** Socket Mode when set; otherwise the HTTP Events API on `port`. */
  appToken: string | undefined;
  signingSecret: string | undefined;
  apiUrl: string | undefined;
  slashCommand: string;
  answerFollowUps: boolean;
  ignoreBots: boolean;
  port: number;
  /** Interface the HTTP Events API listener binds to (SLACK_HTTP_HOST; unset: every IPv4 interface). */
  host?: string;
}

/** Slack's settings when SLACK_BOT_TOKEN is set; the tokens that go with it are checked here, naming the one to fix. */
export function readSlackSettings(env: z.infer<typeof slackVariables>): SlackSettings | undefined {
  const fail = (message: string) => {
    throw new DocentError("CONFIG_INVALID", `Invalid configuration. ${message}`);
  };
  const slackParts = env.SLACK_APP_TOKEN ?? env.SLACK_SIGNING_SECRET;
  if (env.SLACK_BOT_TOKEN === undefined && slackParts !== undefined) {
    fail("Set SLACK_BOT_TOKEN (xoxb-...): SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set without it");
  }
  if (env.SLACK_BOT_TOKEN !== undefined && slackParts === undefined) {
    fail(
      "Set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP events) along with SLACK_BOT_TOKEN",
    );
  }
  if (env.SLACK_APP_TOKEN !== undefined && !env.SLACK_APP_TOKEN.startsWith("xapp-")) {
    fail("Fix SLACK_APP_TOKEN: an app-level token starts with xapp- (Basic Information > App-Level Tokens)");
  }
  if (env.SLACK_BOT_TOKEN !== undefined && !env.SLACK_BOT_TOKEN.startsWith("xoxb-")) {
    fail("Fix SLACK_BOT_TOKEN: a bot token starts with xoxb- (OAuth & Permissions > Bot User OAuth Token)");
  }
  if (env.SLACK_BOT_TOKEN === undefined) return undefined;
  return {
    botToken: env.SLACK_BOT_TOKEN,
    appToken: env.SLACK_APP_TOKEN,
    signingSecret: env.SLACK_SIGNING_SECRET,
    apiUrl: env.SLACK_API_URL,
    slashCommand: env.SLACK_SLASH_COMMAND,
    answerFollowUps: env.SLACK_ANSWER_FOLLOW_UPS,
    ignoreBots: env.SLACK_IGNORE_BOTS,
    port: env.PORT,
    host: env.SLACK_HTTP_HOST,
  };
}
