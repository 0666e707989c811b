import { z } from "zod";
import { configProblem } from "../../config/config-problem.js";
import { booleanSetting, integerSetting, optionalText, serverUrl } from "../../config/setting-types.js";

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

/**
 * How events arrive: Socket Mode when an app-level token is set, otherwise the HTTP Events API, whose requests are
 * signed with the signing secret. One of the two is always there (readSlackSettings refuses neither), so the adapter
 * needs no check of its own.
 */
export type SlackConnection =
  | { appToken: string; signingSecret: string | undefined }
  | { appToken: undefined; signingSecret: string };

export type SlackSettings = SlackConnection & {
  botToken: string;
  apiUrl: string | undefined;
  slashCommand: string;
  answerFollowUps: boolean;
  ignoreBots: boolean;
  /** The HTTP Events API's port (unused in Socket Mode). */
  port: number;
  /** Interface the HTTP Events API listener binds to (SLACK_HTTP_HOST; unset: every IPv4 interface). */
  host?: string;
};

/** Slack's settings when SLACK_BOT_TOKEN is set; the tokens that go with it are checked here, naming the one to fix. */
export function readSlackSettings(env: z.infer<typeof slackVariables>): SlackSettings | undefined {
  const fail = (message: string) => {
    throw configProblem(message);
  };
  if (env.SLACK_BOT_TOKEN === undefined && (env.SLACK_APP_TOKEN ?? env.SLACK_SIGNING_SECRET) !== undefined) {
    fail("Set SLACK_BOT_TOKEN (xoxb-...): SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set without it");
  }
  const connection = readConnection(env);
  if (env.SLACK_BOT_TOKEN !== undefined && connection === undefined) {
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
  if (env.SLACK_BOT_TOKEN === undefined || connection === undefined) return undefined;
  return {
    botToken: env.SLACK_BOT_TOKEN,
    ...connection,
    apiUrl: env.SLACK_API_URL,
    slashCommand: env.SLACK_SLASH_COMMAND,
    answerFollowUps: env.SLACK_ANSWER_FOLLOW_UPS,
    ignoreBots: env.SLACK_IGNORE_BOTS,
    port: env.PORT,
    host: env.SLACK_HTTP_HOST,
  };
}

function readConnection(env: z.infer<typeof slackVariables>): SlackConnection | undefined {
  if (env.SLACK_APP_TOKEN !== undefined) {
    return { appToken: env.SLACK_APP_TOKEN, signingSecret: env.SLACK_SIGNING_SECRET };
  }
  if (env.SLACK_SIGNING_SECRET !== undefined)
    return { appToken: undefined, signingSecret: env.SLACK_SIGNING_SECRET };
  return undefined;
}
