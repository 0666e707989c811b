import { type Logger as BoltLogger, webApi } from "@slack/bolt";
import { DocentError } from "../../errors.js";

/** Who the bot is, from auth.test at start: the ids events are checked against. */
export interface SlackIdentity {
  botUserId: string;
  botId: string;
  teamId: string | undefined;
  /** Absent from some auth.test answers; then requests are checked by team only. */
  appId: string | undefined;
  /** An org-wide Enterprise Grid install serves several workspaces: requests are not checked by team. */
  enterpriseInstall: boolean;
}

const deadlineMs = 10_000;
const slackDefaultApiUrl = "https://slack.com/api/";

/**
 * Calls auth.test once, without retries and with a deadline, before anything else talks to Slack. A network that
 * cannot reach the Web API, or a token Slack refuses, stops the start with one sentence that names the host (or
 * the variable) and what to check, instead of a Web API client retrying in the background for half an hour.
 */
export async function checkSlackIdentity(
  settings: { botToken: string; apiUrl: string | undefined },
  logger: BoltLogger,
): Promise<SlackIdentity> {
  const apiUrl = settings.apiUrl ?? slackDefaultApiUrl;
  const client = new webApi.WebClient(settings.botToken, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    timeout: deadlineMs,
    // Its own "http request failed" warning says less than the error below, which names the host.
    logger: { ...logger, warn: (...parts: unknown[]) => logger.debug(...parts) },
  });
  let result: webApi.AuthTestResponse;
  try {
    result = await client.auth.test();
  } catch (error) {
    throw describeFailure(error, new URL(apiUrl).host);
  }
  if (result.user_id === undefined || result.bot_id === undefined) {
    throw new DocentError(
      "CONFIG_INVALID",
      "SLACK_BOT_TOKEN is not a bot token (auth.test named no bot): use the Bot User OAuth Token (xoxb-...)",
    );
  }
  return {
    botUserId: result.user_id,
    botId: result.bot_id,
    teamId: result.team_id,
    appId: result.app_id,
    enterpriseInstall: result.is_enterprise_install === true,
  };
}

function describeFailure(error: unknown, host: string): DocentError {
  const failure = error as {
    code?: string;
    data?: { error?: string };
    statusCode?: number;
    original?: Error;
  };
  if (failure.code === webApi.ErrorCode.PlatformError) {
    const reason = failure.data?.error ?? "refused";
    return new DocentError(
      "CONFIG_INVALID",
      `Slack refused SLACK_BOT_TOKEN (auth.test at ${host}: ${reason}): copy the Bot User OAuth Token again from OAuth & Permissions`,
      { cause: error },
    );
  }
  const reason =
    failure.code === webApi.ErrorCode.HTTPError
      ? `HTTP ${failure.statusCode}`
      : networkReason(failure.original ?? error);
  return new DocentError(
    "INTERNAL",
    `Could not reach Slack's Web API at ${host} (auth.test: ${reason}): check the network, proxy and firewall, or SLACK_API_URL when it is set`,
    { cause: error },
  );
}

/** "getaddrinfo ENOTFOUND slack.com", "connect ECONNREFUSED 127.0.0.1:9", "no answer within 10 s". */
function networkReason(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no answer within ${deadlineMs / 1000} s`;
  }
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && cause.message !== "") return cause.message;
  return error instanceof Error ? error.message : String(error);
}
