import type { Logger } from "../../logging/logger.js";
import type { PlatformCheck } from "../../platforms/chat-platform.js";
import { createBoltLogger } from "./bolt-logger.js";
import { checkSlackAppToken } from "./check-slack-app-token.js";
import { checkSlackIdentity } from "./check-slack-identity.js";
import type { SlackSettings } from "./slack-settings.js";

/** `docent doctor` for Slack: auth.test with the bot token, and apps.connections.open in Socket Mode. */
export async function checkSlackCredentials(
  slack: SlackSettings | undefined,
  logger: Logger,
): Promise<PlatformCheck[]> {
  if (slack === undefined) return [{ ok: null, detail: "not configured (SLACK_BOT_TOKEN is unset)" }];
  const identity = await checkSlackIdentity(slack, createBoltLogger(logger.child({ component: "slack" })));
  const host = new URL(slack.apiUrl ?? "https://slack.com/api/").host;
  const checks: PlatformCheck[] = [
    {
      ok: true,
      detail: `SLACK_BOT_TOKEN works: bot user ${identity.botUserId} in workspace ${identity.teamId ?? "(none named)"} (auth.test at ${host})`,
    },
  ];
  if (slack.appToken !== undefined) {
    const appHost = await checkSlackAppToken({ appToken: slack.appToken, apiUrl: slack.apiUrl }).then(
      (checked) => ({
        ok: true as const,
        detail: `SLACK_APP_TOKEN works: Socket Mode can connect (apps.connections.open at ${checked})`,
      }),
      (error: unknown) => ({
        ok: false as const,
        detail: error instanceof Error ? error.message : String(error),
      }),
    );
    checks.push(appHost);
  } else {
    checks.push({
      ok: null,
      detail:
        `HTTP mode: SLACK_SIGNING_SECRET can only be checked by Slack's own requests, which must reach port ` +
        `${slack.port} at /slack/events (Slack's app settings verify the URL)`,
    });
  }
  return checks;
}
