import { createHmac } from "node:crypto";
import type { SlackSettings } from "../../../src/adapters/slack/slack-settings.js";
import { nextTs, teamId } from "./fake-slack-api.js";

export const signingSecret = "8f742231b10e8888abcd99yyyzzz85a5";

/** The headers Slack adds: x-slack-request-timestamp and the v0 HMAC-SHA256 of `v0:${timestamp}:${rawBody}`. */
export function signRequest(
  rawBody: string,
  options: { secret?: string; timestamp?: number } = {},
): Record<string, string> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const digest = createHmac("sha256", options.secret ?? signingSecret)
    .update(`v0:${timestamp}:${rawBody}`)
    .digest("hex");
  return { "x-slack-request-timestamp": timestamp, "x-slack-signature": `v0=${digest}` };
}

export interface SendOptions {
  secret?: string;
  timestamp?: number;
  retryNum?: number;
}

/** POSTs a body to the app's /slack/events exactly as Slack would; resolves with the status and the time to ack. */
export async function sendToSlackEndpoint(
  port: number,
  rawBody: string,
  contentType: string,
  options: SendOptions = {},
): Promise<{ status: number; ms: number; body: string }> {
  const started = performance.now();
  const headers: Record<string, string> = { "content-type": contentType, ...signRequest(rawBody, options) };
  if (options.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(options.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    headers,
    body: rawBody,
  });
  const body = await response.text();
  return { status: response.status, ms: performance.now() - started, body };
}

let eventCounter = 0;

/** An Events API envelope around an event, as Slack sends it. */
export function eventEnvelope(event: Record<string, unknown>, eventId = `Ev${Date.now()}${++eventCounter}`) {
  return {
    token: "verification-token",
    team_id: teamId,
    api_app_id: "A0001",
    event: { event_ts: event.ts, ...event },
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: teamId, user_id: "UBOT", is_bot: true, is_enterprise_install: false }],
  };
}

export function sendEvent(
  port: number,
  event: Record<string, unknown>,
  options: SendOptions & { eventId?: string } = {},
) {
  return sendToSlackEndpoint(
    port,
    JSON.stringify(eventEnvelope(event, options.eventId)),
    "application/json",
    options,
  );
}

export function sendCommand(port: number, fields: Record<string, string>, options: SendOptions = {}) {
  const body = new URLSearchParams({ token: "verification-token", team_id: teamId, ...fields }).toString();
  return sendToSlackEndpoint(port, body, "application/x-www-form-urlencoded", options);
}

export function sendAction(port: number, payload: Record<string, unknown>, options: SendOptions = {}) {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return sendToSlackEndpoint(port, body, "application/x-www-form-urlencoded", options);
}

export const nextMessageTs = nextTs;

/** The adapter's settings for a fake Slack at apiUrl: HTTP mode on an ephemeral port, signed with signingSecret. */
export function slackTestSettings(apiUrl: string, overrides: Partial<SlackSettings> = {}): SlackSettings {
  return {
    botToken: "xoxb-test-token",
    appToken: undefined,
    signingSecret,
    apiUrl,
    slashCommand: "/docent",
    answerFollowUps: true,
    ignoreBots: true,
    port: 0,
    ...overrides,
  };
}
