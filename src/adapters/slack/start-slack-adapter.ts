import type { AddressInfo, Server } from "node:net";
import { App } from "@slack/bolt";
import type { ChatCore } from "../../chat/chat-core.js";
import type { Config } from "../../config/config.js";
import { DocentError } from "../../errors.js";
import type { Logger } from "../../logging/logger.js";
import { withContentFreeErrors } from "../content-free-errors.js";
import { createBoltLogger } from "./bolt-logger.js";
import { createEventTurns } from "./event-turns.js";
import { registerFeedbackActions } from "./feedback-action.js";
import { registerMessageEvents } from "./message-events.js";
import type { SlackContext } from "./slack-context.js";
import { registerSlashCommand } from "./slash-command.js";

export interface SlackAdapterOptions {
  settings: NonNullable<Config["slack"]>;
  core: ChatCore;
  logger: Logger;
  logContent: boolean;
}

export interface RunningSlackAdapter {
  /** The HTTP port events arrive on; null in Socket Mode. */
  port: number | null;
  /** HTTP: listening for events; Socket Mode: the WebSocket to Slack is open. For /readyz. */
  connected(): boolean;
  stop(): Promise<void>;
}

/**
 * Starts the Slack bot on Bolt: Socket Mode when an app-level token is set, else the HTTP Events API on
 * settings.port (POST /slack/events), where Bolt verifies each request's signature and timestamp (401 otherwise).
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
  const app = new App({
    token: settings.botToken,
    ...(socketMode
      ? { appToken: settings.appToken, socketMode: true }
      : { signingSecret: settings.signingSecret }),
    logger: boltLogger,
    clientOptions: {
      logger: boltLogger,
      ...(settings.apiUrl ? { slackApiUrl: withSlash(settings.apiUrl) } : {}),
    },
  });
  const context: SlackContext = {
    settings,
    core,
    logger,
    logContent: options.logContent,
    support: { nativeStreaming: true, threadStatus: true },
  };
  const nextTurn = createEventTurns();
  app.use(async ({ body, next, context: boltContext }) => {
    // Events are acknowledged by Bolt before this runs; their work waits its turn so pending acks go out first.
    // Commands and actions are acknowledged by their listeners, so they run at once.
    if ((body as { type?: unknown }).type === "event_callback") await nextTurn();
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
  const started = socketMode ? await app.start() : await app.start(settings.port);
  const port = socketMode ? null : ((started as Server).address() as AddressInfo).port;
  logger.info({ mode: socketMode ? "socket" : "http", port }, "slack adapter started");
  return {
    port,
    connected: () => socket?.connected ?? (started as Server).listening,
    stop: () => app.stop().then(() => undefined),
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
