import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody } from "../../helpers/loopback-http.js";
import {
  member,
  message,
  nextSnowflake,
  type StoredMessage,
  withoutReference,
  world,
} from "./fake-discord-payloads.js";

/**
 * Discord's REST API v10, the part the bot uses: gateway discovery, who the token is (the user and its application,
 * which `docent doctor` asks), command registration, messages (post, edit, fetch, list), typing, threads, members,
 * interaction callbacks and webhooks. Every call is recorded; scripted
 * failures (a 429 with Retry-After, a 500) answer matching calls before the normal route does.
 */
export interface RecordedCall {
  method: string;
  /** The path after /api/v10, for example /channels/123/messages. */
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown> | null;
  status: number;
  /** When the call arrived (Date.now()). */
  at: number;
}

export interface ScriptedFailure {
  method: string;
  path: RegExp;
  status: number;
  body: object;
  headers?: Record<string, string>;
  times: number;
}

export interface RestState {
  gatewayUrl: string;
  calls: RecordedCall[];
  failures: ScriptedFailure[];
  messages: Map<string, StoredMessage>;
  /** Interaction token -> the id of its original response message. */
  originals: Map<string, string>;
  /** Interaction token -> the channel the interaction came from. */
  interactionChannels: Map<string, string>;
  threads: Map<string, object>;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
type Route = [
  string,
  RegExp,
  (state: RestState, match: string[], body: Record<string, unknown>, query: URLSearchParams) => Reply,
];

const ok = (body: unknown): Reply => ({ status: 200, body });
const noContent: Reply = { status: 204 };
const unknownMessage: Reply = { status: 404, body: { message: "Unknown Message", code: 10008 } };

const routes: Route[] = [
  [
    "GET",
    /^\/gateway\/bot$/,
    (state) =>
      ok({
        url: state.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14400000, max_concurrency: 1 },
      }),
  ],
  ["GET", /^\/users\/@me$/, () => ok(world.bot)],
  [
    "GET",
    /^\/applications\/@me$/,
    // GATEWAY_MESSAGE_CONTENT_LIMITED (1 << 19): the Message Content intent of an unverified bot, switched on.
    () => ok({ id: world.applicationId, name: "docent", bot_public: false, flags: 1 << 19, bot: world.bot }),
  ],
  [
    "PUT",
    /^\/applications\/\d+(?:\/guilds\/\d+)?\/commands$/,
    (_state, _match, body) =>
      ok(
        (body as unknown as object[]).map((command) => ({
          id: nextSnowflake(),
          application_id: world.applicationId,
          version: "1",
          ...command,
        })),
      ),
  ],
  ["POST", /^\/channels\/(\d+)\/typing$/, () => noContent],
  [
    "POST",
    /^\/channels\/(\d+)\/messages$/,
    (state, [, channelId = ""], body) => ok(postMessage(state, channelId, body)),
  ],
  [
    "PATCH",
    /^\/channels\/(\d+)\/messages\/(\d+)$/,
    (state, [, , messageId = ""], body) => editMessage(state, messageId, body),
  ],
  [
    "GET",
    /^\/channels\/(\d+)\/messages\/(\d+)$/,
    (state, [, , messageId = ""]) => {
      const found = state.messages.get(messageId);
      return found === undefined ? unknownMessage : ok(found);
    },
  ],
  [
    "GET",
    /^\/channels\/(\d+)\/messages$/,
    (state, [, channelId = ""], _body, query) => ok(listMessages(state, channelId, query)),
  ],
  [
    "POST",
    /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/,
    (state, [, channelId = "", messageId = ""], body) => {
      const thread = {
        id: messageId,
        type: 11,
        guild_id: world.guildId,
        parent_id: channelId,
        owner_id: world.bot.id,
        name: body.name,
        last_message_id: null,
        rate_limit_per_user: 0,
        message_count: 0,
        member_count: 1,
        total_message_sent: 0,
        thread_metadata: {
          archived: false,
          auto_archive_duration: body.auto_archive_duration ?? 1440,
          archive_timestamp: new Date().toISOString(),
          locked: false,
        },
        flags: 0,
      };
      state.threads.set(messageId, thread);
      return { status: 201, body: thread };
    },
  ],
  [
    "GET",
    /^\/guilds\/(\d+)\/members\/(\d+)$/,
    (_state, [, , userId = ""]) => {
      const account = [world.alice, world.hannah, world.max, world.bot].find(
        (candidate) => candidate.id === userId,
      );
      return account === undefined
        ? { status: 404, body: { message: "Unknown Member", code: 10007 } }
        : ok(member(account));
    },
  ],
  [
    "POST",
    /^\/interactions\/(\d+)\/([^/]+)\/callback$/,
    (state, [, , token = ""], body) => {
      const data = (body.data ?? {}) as Record<string, unknown>;
      const original = message({
        channelId: state.interactionChannels.get(token) ?? "0",
        author: world.bot,
        content: String(data.content ?? ""),
        flags: Number(data.flags ?? 0),
        type: 20,
      });
      state.messages.set(original.id, original);
      state.originals.set(token, original.id);
      return noContent;
    },
  ],
  [
    "PATCH",
    /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
    (state, [, , token = ""], body) => editMessage(state, state.originals.get(token) ?? "", body),
  ],
  [
    "POST",
    /^\/webhooks\/(\d+)\/([^/]+)$/,
    (state, [, , token = ""], body) =>
      ok(postMessage(state, state.interactionChannels.get(token) ?? "0", body)),
  ],
];

export async function answerRest(
  state: RestState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, "");
  const method = request.method ?? "GET";
  const at = Date.now();
  const text = await readBody(request);
  const body = text === "" ? null : (JSON.parse(text) as Record<string, unknown>);
  const reply =
    scriptedFailure(state, method, path) ?? route(state, method, path, body ?? {}, url.searchParams);
  state.calls.push({ method, path, query: url.searchParams, body, status: reply.status, at });
  const headers =
    reply.body === undefined
      ? { ...reply.headers }
      : { "content-type": "application/json", ...reply.headers };
  response.writeHead(reply.status, headers);
  response.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
}

function scriptedFailure(state: RestState, method: string, path: string): Reply | null {
  const failure = state.failures.find(
    (candidate) => candidate.times > 0 && candidate.method === method && candidate.path.test(path),
  );
  if (failure === undefined) return null;
  failure.times -= 1;
  return { status: failure.status, body: failure.body, headers: failure.headers ?? {} };
}

function route(
  state: RestState,
  method: string,
  path: string,
  body: Record<string, unknown>,
  query: URLSearchParams,
): Reply {
  for (const [routeMethod, pattern, handle] of routes) {
    const match = pattern.exec(path);
    if (routeMethod === method && match !== null) return handle(state, [...match], body, query);
  }
  return { status: 404, body: { message: "404: Not Found", code: 0 } };
}

function postMessage(state: RestState, channelId: string, body: Record<string, unknown>): StoredMessage {
  const reference = body.message_reference as { message_id?: string } | undefined;
  const referenced =
    reference?.message_id === undefined ? undefined : state.messages.get(reference.message_id);
  const inGuild = channelId !== "0" && ![...world.dmChannelIds.values()].includes(channelId);
  const posted = message({
    channelId,
    guildId: inGuild ? world.guildId : undefined,
    author: world.bot,
    content: String(body.content ?? ""),
    components: (body.components as unknown[] | undefined) ?? [],
    flags: Number(body.flags ?? 0),
    reference: referenced === undefined ? undefined : withoutReference(referenced),
  });
  state.messages.set(posted.id, posted);
  return posted;
}

function editMessage(state: RestState, messageId: string, body: Record<string, unknown>): Reply {
  const stored = state.messages.get(messageId);
  if (stored === undefined) return unknownMessage;
  if (typeof body.content === "string") stored.content = body.content;
  if (Array.isArray(body.components)) stored.components = body.components;
  stored.edited_timestamp = new Date().toISOString();
  return ok(stored);
}

function listMessages(state: RestState, channelId: string, query: URLSearchParams): StoredMessage[] {
  const before = query.get("before");
  const limit = Number(query.get("limit") ?? 50);
  return [...state.messages.values()]
    .filter((stored) => stored.channel_id === channelId && (stored.flags & 64) === 0)
    .filter((stored) => before === null || BigInt(stored.id) < BigInt(before))
    .sort((left, right) => (BigInt(right.id) > BigInt(left.id) ? 1 : -1))
    .slice(0, limit);
}
