import type { AddressInfo, Server } from "node:net";
import { App, HTTPReceiver, webApi } from "@slack/bolt";
import type { ChatCore } from "../../chat-core/chat-core.js";
import { DocentError } from "../../errors.js";
import type { Logger } from "../../logging/logger.js";
import { withContentFreeErrors } from "../content-free-errors.js";
import { settleWithin } from "../settle-within.js";
import { createBoltLogger } from "./bolt-logger.js";
import { checkSlackIdentity } from "./check-slack-identity.js";
import { createEventTurns } from "./event-turns.js";
import { registerFeedbackActions } from "./feedback-buttons.js";
import { registerMessageEvents } from "./handle-message.js";
import { registerSlashCommand } from "./handle-slash-command.js";
import { ignoreOtherApps, refuseFutureRequests } from "./request-guards.js";
import type { SlackContext } from "./slack-context.js";
import type { SlackSettings } from "./slack-settings.js";

export interface SlackAdapterOptions {
  settings: SlackSettings;
  core: ChatCore;
  logger: Logger;
}

export interface RunningSlackAdapter {
  /** The HTTP port events arrive on; null in Socket Mode. */
  port: number | null;
  /** HTTP: listening for events; Socket Mode: the WebSocket to Slack is open. For /readyz. */
  connected(): boolean;
  stop(): Promise<void>;
}

/** Each Web API call (posting an answer) gets this long per attempt, and a few attempts within minutes. */
const webApiTimeoutMs = 30_000;
/** What stop() waits for Bolt (the HTTP listener, the Socket Mode connection) before leaving it behind. */
const stopTimeoutMs = 3_000;

/**
 * Starts the Slack bot on Bolt: Socket Mode when an app-level token is set, else the HTTP Events API on
 * settings.host:settings.port (POST /slack/events), where each request's signature and timestamp are checked
 * (401 otherwise). auth.test runs first: an unreachable Slack or a refused token stops the start at once.
 */
export async function startSlackAdapter(options: SlackAdapterOptions): Promise<RunningSlackAdapter> {
  const { settings, core } = options;
  const logger = withContentFreeErrors(options.logger.child({ platform: "slack" }));
  const socketMode = settings.appToken !== undefined;
  if (!socketMode && settings.signingSecret === undefined) {
    throw new DocentError(
      "CONFIG_INVALID",
      "Set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP events)",
    );
  }
  const boltLogger = createBoltLogger(logger.child({ library: "bolt" }));
  const apiUrl = settings.apiUrl ? withSlash(settings.apiUrl) : undefined;
  const identity = await checkSlackIdentity({ botToken: settings.botToken, apiUrl }, boltLogger);
  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({ signingSecret: settings.signingSecret as string, logger: boltLogger });
  if (receiver !== undefined) refuseFutureRequests(receiver, logger);
  const app = new App({
    token: settings.botToken,
    // Known from auth.test above: Bolt calls it no more (its own call would retry in the background).
    botId: identity.botId,
    botUserId: identity.botUserId,
    tokenVerificationEnabled: false,
    ...(socketMode ? { appToken: settings.appToken, socketMode: true } : { receiver }),
    logger: boltLogger,
    clientOptions: {
      logger: boltLogger,
      timeout: webApiTimeoutMs,
      retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
      ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    },
  });
  const stopping = new AbortController();
  const turns = createEventTurns();
  const context: SlackContext = {
    settings,
    core,
    logger,
    support: { nativeStreaming: true, threadStatus: true },
    signal: stopping.signal,
    nextTurn: turns.next,
  };
  app.use(ignoreOtherApps(identity, logger));
  app.use(async ({ body, next, context: boltContext }) => {
    // Events are acknowledged by Bolt before this runs; their work waits its turn so pending acks go out first.
    // Commands and actions are acknowledged by their listeners, so they run at once (a question waits its turn
    // after the ack, in deliver-answer.ts and handle-slash-command.ts).
    turns.arrived();
    if ((body as { type?: unknown }).type === "event_callback") await turns.next();
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === "string" && !(await core.markEventSeen("slack", eventId))) {
      logger.info({ eventId, retryNum: boltContext.retryNum }, "slack event already handled; retry skipped");
      return;
    }
    await next();
  });
  registerMessageEvents(app, context);
  registerFeedbackActions(app, context);
  registerSlashCommand(app, context);
  app.error(async (error) => {
    logger.error({ err: error }, "slack handler failed");
  });
  const socket = socketMode ? watchSocketMode(app) : null;
  const started = socketMode
    ? await app.start()
    : await app.start({ port: settings.port, host: settings.host ?? "0.0.0.0" });
  const address = socketMode ? null : ((started as Server).address() as AddressInfo);
  logger.info(
    { mode: socketMode ? "socket" : "http", host: address?.address ?? null, port: address?.port ?? null },
    "slack adapter started",
  );
  return {
    port: address?.port ?? null,
    connected: () => socket?.connected ?? (started as Server).listening,
    async stop() {
      stopping.abort();
      if (!(await settleWithin(app.stop(), stopTimeoutMs))) {
        logger.warn({ waitedMs: stopTimeoutMs }, "slack connection did not close in time; leaving it");
      }
    },
  };
}

/** Socket Mode's connection state from its client's lifecycle events (Bolt keeps the receiver private). */
function watchSocketMode(app: App): { connected: boolean } {
  const state = { connected: false };
  type Emitter = { on(event: string, listener: () => void): unknown };
  const client = (app as unknown as { receiver?: { client?: Emitter } }).receiver?.client;
  client?.on("connected", () => {
    state.connected = true;
  });
  // "close": the socket itself closed; the client announces "reconnecting" only after its retry delay.
  for (const event of ["close", "reconnecting", "disconnecting", "disconnected"]) {
    client?.on(event, () => {
      state.connected = false;
    });
  }
  return state;
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
