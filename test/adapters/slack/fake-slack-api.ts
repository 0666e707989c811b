import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { closeServer, readBody } from "../../helpers/loopback-http.js";

/** One recorded call: a Web API method (or "response_url"), its arguments, the token it carried. */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
}

export interface ThreadMessage {
  ts: string;
  text: string;
  user?: string;
  bot_id?: string;
  user_profile?: { display_name?: string };
}

/** A scripted failure: the next `times` calls of a method (or "response_url") get this answer instead. */
export interface SlackFailure {
  method: string;
  times: number;
  /** HTTP status (default 200, Slack's status for its own errors). */
  status?: number;
  body: Record<string, unknown>;
}

export interface FakeSlackOptions {
  /** chat.startStream answers ok (native streaming supported); default true. */
  streaming?: boolean;
  /** assistant.threads.setStatus answers ok; default true. */
  threadStatus?: boolean;
}

export const botUserId = "UBOT";
export const botId = "BBOT";
export const teamId = "T0001";
export const appId = "A0001";

let clock = 1_700_000_000;
/** Message timestamps from one clock, so the fake's messages and the tests' events sort as they happened. */
export const nextTs = () => `${++clock}.000100`;

/**
 * A loopback stand-in for Slack: the Web API methods docent calls (recorded, with plausible answers), response_url
 * posts, threads that remember what was posted in them, and a Socket Mode WebSocket endpoint.
 */
export async function startFakeSlack(options: FakeSlackOptions = {}) {
  const calls: SlackCall[] = [];
  const threads = new Map<string, ThreadMessage[]>();
  const messages = new Map<string, ThreadMessage>();
  const sockets = new Set<WebSocket>();
  const acks: string[] = [];
  const failures: SlackFailure[] = [];
  const scriptedFailure = (method: string) => {
    const failure = failures.find((candidate) => candidate.method === method && candidate.times > 0);
    if (failure !== undefined) failure.times -= 1;
    return failure;
  };

  const answer = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    const channel = String(args.channel ?? "");
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          user_id: botUserId,
          bot_id: botId,
          team_id: teamId,
          app_id: appId,
          user: "docent",
          team: "Test",
        };
      case "apps.connections.open":
        return { ok: true, url: `ws://127.0.0.1:${port}/socket` };
      case "chat.postMessage": {
        const ts = nextTs();
        const message = { ts, text: String(args.text ?? ""), user: botUserId, bot_id: botId };
        messages.set(ts, message);
        if (typeof args.thread_ts === "string") threadOf(channel, args.thread_ts).push(message);
        return { ok: true, channel, ts, message };
      }
      case "chat.update": {
        const message = messages.get(String(args.ts));
        if (message) message.text = String(args.text ?? "");
        return { ok: true, channel, ts: args.ts };
      }
      case "chat.startStream": {
        if (options.streaming === false) return { ok: false, error: "unknown_method" };
        const ts = nextTs();
        const message = { ts, text: "", user: botUserId, bot_id: botId };
        messages.set(ts, message);
        threadOf(channel, String(args.thread_ts)).push(message);
        appendChunks(message, args.chunks);
        return { ok: true, channel, ts };
      }
      case "chat.appendStream":
      case "chat.stopStream": {
        const message = messages.get(String(args.ts));
        if (message) appendChunks(message, args.chunks);
        return { ok: true, channel, ts: args.ts };
      }
      case "assistant.threads.setStatus":
        return options.threadStatus === false ? { ok: false, error: "unknown_method" } : { ok: true };
      case "conversations.replies": {
        const thread = threads.get(`${channel}:${String(args.ts)}`) ?? [];
        return { ok: true, messages: thread, has_more: false };
      }
      case "chat.postEphemeral":
        return { ok: true, message_ts: nextTs() };
      default:
        return { ok: true };
    }
  };

  function threadOf(channel: string, threadTs: string): ThreadMessage[] {
    const key = `${channel}:${threadTs}`;
    let thread = threads.get(key);
    if (thread === undefined) {
      thread = [];
      threads.set(key, thread);
    }
    return thread;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const url = request.url ?? "";
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(value));
    };
    if (url.startsWith("/response/")) {
      calls.push({ method: "response_url", args: { ...JSON.parse(body), url }, token: undefined });
      const failure = scriptedFailure("response_url");
      json(failure?.status ?? 200, failure?.body ?? { ok: true });
      return;
    }
    const method = url.replace(/^\/api\//, "").split("?")[0] ?? "";
    const args = parseArgs(body, request.headers["content-type"]);
    const token = request.headers.authorization?.replace(/^Bearer /, "");
    calls.push({ method, args, token });
    const failure = scriptedFailure(method);
    json(failure?.status ?? 200, failure?.body ?? answer(method, args));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  const sockServer = new WebSocketServer({ server, path: "/socket" });
  sockServer.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("message", (data) => {
      const parsed = JSON.parse(String(data)) as { envelope_id?: string };
      if (parsed.envelope_id) acks.push(parsed.envelope_id);
    });
    socket.on("close", () => sockets.delete(socket));
    socket.send(JSON.stringify({ type: "hello", num_connections: 1, debug_info: { host: "fake" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    calls,
    acks,
    apiUrl: `http://127.0.0.1:${port}/api/`,
    responseUrl: (id: string) => `http://127.0.0.1:${port}/response/${id}`,
    /** Web API calls (everything but auth.test and apps.connections.open), optionally of one method. */
    callsOf: (method?: string) =>
      calls.filter((call) =>
        method === undefined
          ? !["auth.test", "apps.connections.open"].includes(call.method)
          : call.method === method,
      ),
    /** Puts a message in a thread as if someone had posted it. */
    addThreadMessage(channel: string, threadTs: string, message: ThreadMessage) {
      threadOf(channel, threadTs).push(message);
    },
    thread: (channel: string, threadTs: string) => threads.get(`${channel}:${threadTs}`) ?? [],
    socketCount: () => sockets.size,
    /** The next calls of a Web API method (or "response_url") fail as scripted. */
    failNext(failure: Omit<SlackFailure, "times"> & { times?: number }) {
      failures.push({ times: 1, ...failure });
    },
    pushEnvelope(envelopeId: string, payload: unknown) {
      const envelope = {
        envelope_id: envelopeId,
        type: "events_api",
        payload,
        accepts_response_payload: false,
      };
      for (const socket of sockets) socket.send(JSON.stringify(envelope));
    },
    async stop() {
      for (const socket of sockets) socket.close(1000);
      sockServer.close();
      await closeServer(server);
    },
  };
}

export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;

function parseArgs(body: string, contentType: string | undefined): Record<string, unknown> {
  if (body === "") return {};
  if (contentType?.includes("application/json")) return JSON.parse(body) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return args;
}

function appendChunks(message: ThreadMessage, chunks: unknown): void {
  if (!Array.isArray(chunks)) return;
  for (const chunk of chunks as Array<{ type?: string; text?: string }>) {
    if (chunk.type === "markdown_text") message.text += chunk.text ?? "";
  }
}
