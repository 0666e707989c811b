import type { AnyMiddlewareArgs, HTTPReceiver, Middleware } from "@slack/bolt";
import type { Logger } from "../../logging/logger.js";
import type { SlackIdentity } from "./check-slack-identity.js";

/** Slack's own rule: a request's timestamp may differ from the clock by five minutes at most. */
const maxSkewSeconds = 5 * 60;

/**
 * Bolt refuses requests older than five minutes but accepts any timestamp in the future, so that a request
 * recorded once could be replayed until its date has passed plus five minutes. Refused here with 401, before
 * Bolt reads the body.
 */
export function refuseFutureRequests(receiver: HTTPReceiver, logger: Logger): void {
  const handle = receiver.requestListener;
  receiver.requestListener = (request, response) => {
    const timestamp = Number(request.headers["x-slack-request-timestamp"]);
    const aheadSeconds = timestamp - Math.floor(Date.now() / 1000);
    if (aheadSeconds > maxSkewSeconds) {
      logger.warn({ aheadSeconds }, "slack request refused: its timestamp is in the future");
      response.writeHead(401);
      response.end();
      return;
    }
    handle(request, response);
  };
}

/**
 * Requests signed with this app's secret but naming another app (api_app_id) or another workspace than auth.test
 * said at start are acknowledged (so that Slack does not retry them) and go no further.
 */
export function ignoreOtherApps(identity: SlackIdentity, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as RequestBody;
    const appId = body.api_app_id;
    const teams = teamsOf(body);
    const otherApp = identity.appId !== undefined && appId !== undefined && appId !== identity.appId;
    const otherTeam =
      !identity.enterpriseInstall &&
      identity.teamId !== undefined &&
      teams.length > 0 &&
      !teams.includes(identity.teamId);
    if (!otherApp && !otherTeam) {
      await args.next();
      return;
    }
    logger.warn(
      { apiAppId: appId, teams, type: body.type },
      "slack request for another app or workspace ignored",
    );
    const ack = (args as { ack?: () => Promise<void> }).ack;
    await ack?.().catch(() => undefined);
  };
}

interface RequestBody {
  type?: string;
  api_app_id?: string;
  team_id?: string;
  team?: { id?: string } | null;
  user?: { team_id?: string };
  authorizations?: Array<{ team_id?: string | null }>;
}

/** The workspaces a request is for: an event's authorizations, else its team. */
function teamsOf(body: RequestBody): string[] {
  const authorized = (body.authorizations ?? [])
    .map((authorization) => authorization.team_id)
    .filter((team): team is string => typeof team === "string");
  if (authorized.length > 0) return authorized;
  const team = body.team_id ?? body.team?.id ?? body.user?.team_id;
  return typeof team === "string" ? [team] : [];
}
