import { webApi } from "@slack/bolt";
import { DocentError } from "../../errors.js";

const deadlineMs = 10_000;
const slackDefaultApiUrl = "https://slack.com/api/";

/**
 * Checks SLACK_APP_TOKEN the way Socket Mode uses it: apps.connections.open, once, without retries. The address it
 * returns is not connected to (it expires unused), so nothing reaches the bot. Returns the Web API's host.
 */
export async function checkSlackAppToken(settings: {
  appToken: string;
  apiUrl: string | undefined;
}): Promise<string> {
  const apiUrl = settings.apiUrl ?? slackDefaultApiUrl;
  const host = new URL(apiUrl).host;
  const client = new webApi.WebClient(settings.appToken, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    timeout: deadlineMs,
    logLevel: webApi.LogLevel.ERROR,
  });
  try {
    await client.apps.connections.open();
    return host;
  } catch (error) {
    const failure = error as { code?: string; data?: { error?: string }; statusCode?: number };
    if (failure.code === webApi.ErrorCode.PlatformError) {
      throw new DocentError(
        "CONFIG_INVALID",
        `Slack refused SLACK_APP_TOKEN (apps.connections.open at ${host}: ${failure.data?.error ?? "refused"}): ` +
          "generate an app-level token with the connections:write scope under Basic Information > App-Level Tokens",
        { cause: error },
      );
    }
    const reason = failure.code === webApi.ErrorCode.HTTPError ? `HTTP ${failure.statusCode}` : "no answer";
    throw new DocentError(
      "INTERNAL",
      `Could not reach Slack's Web API at ${host} (apps.connections.open: ${reason}): check the network, proxy and ` +
        "firewall, or SLACK_API_URL when it is set",
      { cause: error },
    );
  }
}
