import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { rewriteInstructions } from "../../src/answer/standalone-prompt.js";
import { closeServer, readBody } from "../helpers/loopback-http.js";

/**
 * A loopback server speaking three chat wire formats with streaming: OpenAI's POST /v1/chat/completions
 * (SSE `data: {...}` chunks ending in `data: [DONE]`), Ollama's POST /api/chat (NDJSON lines) and Anthropic's
 * POST /v1/messages (SSE events). Replies are scripted one per request (then a default answer); it records each
 * request and whether the client closed the connection before the reply was complete. Requests to rewrite a
 * follow-up as a standalone question (told apart by their system prompt) are recorded and scripted on their own:
 * their default reply is the latest question unchanged. GETs read its models, in each server's shape: Ollama's /api/tags, an OpenAI-compatible /models and Anthropic's /v1/models/{model}; a chat
 * request for a model it does not have gets the server's own 404 ("model not found, try pulling it first").
 */
export type ScriptedReply =
  | { kind: "deltas"; deltas: string[]; delayMs?: number; gate?: Promise<void> }
  | { kind: "status"; status: number; headers?: Record<string, string> }
  /** Reply headers, then nothing: a model that never produces a first token. */
  | { kind: "silent" }
  /** Some deltas, then nothing more: a stall mid-stream. */
  | { kind: "stall"; deltas: string[] }
  /** Some deltas, then the connection is destroyed. */
  | { kind: "drop"; deltas: string[] }
  /** A chunk that is not JSON. */
  | { kind: "malformed" };

/** The models a fake server has unless a test says otherwise: the defaults of each provider docent knows. */
export const defaultModels = ["llama2", "test-model", "gpt-4o-mini", "claude-3-5-haiku-latest"];

export interface RecordedRequest {
  path: string;
  body: Record<string, unknown>;
  headers: IncomingMessage["headers"];
  /** Resolves with true when the client closed the connection before the reply ended. */
  closedEarly: Promise<boolean>;
}

export interface FakeChatServer {
  url: string;
  /** Answer requests (everything but rewrites). */
  requests: RecordedRequest[];
  script(...replies: ScriptedReply[]): void;
  /** Requests to rewrite a follow-up as a standalone question. */
  rewriteRequests: RecordedRequest[];
  scriptRewrite(...replies: ScriptedReply[]): void;
  /** The models it has from now on, and the only ones it answers chat requests for (Ollama's carry a tag). */
  setModels(models: readonly string[]): void;
  close(): Promise<void>;
}

export const defaultDeltas = ["The ", "answer ", "is ", "42 [1]."];

/** Polls until the condition holds (for example, until a request has arrived). */
export async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Listens on 127.0.0.1, on an ephemeral port unless one is given (an engine that comes back where it was). */
export async function startFakeChatServer(port = 0): Promise<FakeChatServer> {
  const queue: ScriptedReply[] = [];
  const rewriteQueue: ScriptedReply[] = [];
  // Until a test names the models, the lists hold the defaults and a chat request for any model is answered.
  let models: readonly string[] = defaultModels;
  let strict = false;
  const server = createServer(async (request, response) => {
    if (request.method === "GET") {
      answerModelRequest(request.url ?? "", models, response);
      return;
    }
    const closedEarly = new Promise<boolean>((resolve) =>
      response.on("close", () => resolve(!response.writableFinished)),
    );
    const body = JSON.parse(await readBody(request)) as Record<string, unknown>;
    const recorded = { path: request.url ?? "", body, headers: request.headers, closedEarly };
    const rewrite = systemText(body).startsWith(rewriteInstructions);
    (rewrite ? fake.rewriteRequests : fake.requests).push(recorded);
    const reply = rewrite
      ? (rewriteQueue.shift() ?? { kind: "deltas", deltas: [latestQuestion(body)] })
      : (queue.shift() ?? { kind: "deltas", deltas: defaultDeltas });
    const model = String(body.model ?? "");
    if (strict && !hasModel(models, model)) {
      sendMissingModel(request.url ?? "", model, response);
      return;
    }
    await sendReply(request.url ?? "", response, reply);
  });
  const fake: FakeChatServer = {
    url: "",
    requests: [],
    script: (...replies) => queue.push(...replies),
    rewriteRequests: [],
    scriptRewrite: (...replies) => rewriteQueue.push(...replies),
    setModels: (next) => {
      models = next;
      strict = true;
    },
    close: () => closeServer(server),
  };
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

type WireMessage = { role?: string; content?: unknown };

/** The system prompt: the first message's (OpenAI, Ollama) or the `system` field (Anthropic). */
function systemText(body: Record<string, unknown>): string {
  if (typeof body.system === "string") return body.system;
  if (Array.isArray(body.system)) return textOf(body.system);
  const first = (body.messages as WireMessage[] | undefined)?.[0];
  return first?.role === "system" ? textOf(first.content) : "";
}

/** The question a rewrite request shows as the latest one. */
function latestQuestion(body: Record<string, unknown>): string {
  const last = (body.messages as WireMessage[] | undefined)?.at(-1);
  return /^Latest question: (.*)$/m.exec(textOf(last?.content))?.[1] ?? "";
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((part) => (typeof part?.text === "string" ? part.text : "")).join("");
}

const hasModel = (models: readonly string[], model: string) =>
  models.includes(model) || models.includes(`${model}:latest`);

/** GET: Ollama's tag list, an OpenAI-compatible model list, Anthropic's one model; anything else a plain 404. */
function answerModelRequest(path: string, models: readonly string[], response: ServerResponse): void {
  const json = (status: number, value: unknown) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(value));
  };
  const one = /\/v1\/models\/([^/?]+)$/.exec(path);
  if (path === "/api/tags") {
    json(200, { models: models.map((name) => ({ name, model: name, size: 3_826_793_677 })) });
  } else if (one !== null) {
    const id = decodeURIComponent(one[1] ?? "");
    if (hasModel(models, id))
      json(200, { type: "model", id, display_name: id, created_at: "2024-10-22T00:00:00Z" });
    else json(404, { type: "error", error: { type: "not_found_error", message: `model: ${id}` } });
  } else if (path.endsWith("/models")) {
    json(200, { object: "list", data: models.map((id) => ({ id, object: "model", owned_by: "test" })) });
  } else {
    response.writeHead(404, { "content-type": "text/plain" });
    response.end("404 page not found");
  }
}

/** What each server answers a chat request for a model it does not have. */
function sendMissingModel(path: string, model: string, response: ServerResponse): void {
  const body = path.startsWith("/api/chat")
    ? { error: `model "${model}" not found, try pulling it first` }
    : path.endsWith("/messages")
      ? { type: "error", error: { type: "not_found_error", message: `model: ${model}` } }
      : {
          error: {
            message: `The model \`${model}\` does not exist or you do not have access to it.`,
            type: "invalid_request_error",
            param: null,
            code: "model_not_found",
          },
        };
  response.writeHead(404, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

async function sendReply(path: string, response: ServerResponse, reply: ScriptedReply): Promise<void> {
  const format = path.startsWith("/api/chat")
    ? ollamaFormat
    : path.endsWith("/messages")
      ? anthropicFormat
      : openAIFormat;
  if (reply.kind === "status") {
    const body = JSON.stringify({ error: { message: `status ${reply.status}`, type: "test_error" } });
    response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    response.end(body);
    return;
  }
  response.writeHead(200, { "content-type": format.contentType, "cache-control": "no-cache" });
  response.flushHeaders();
  if (reply.kind === "silent") return;
  if (reply.kind === "malformed") {
    response.write(format.malformed);
    response.end(format.end);
    return;
  }
  const write = (text: string) => new Promise<void>((resolve) => response.write(text, () => resolve()));
  if (reply.kind === "deltas") await reply.gate;
  for (const piece of format.start) await write(piece);
  for (const delta of reply.deltas) {
    if (reply.kind === "deltas" && reply.delayMs)
      await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    await write(format.delta(delta));
  }
  if (reply.kind === "stall") return;
  if (reply.kind === "drop") response.socket?.destroy();
  else response.end(format.end);
}

interface WireFormat {
  contentType: string;
  start: string[];
  delta(text: string): string;
  end: string;
  malformed: string;
}

const sse = (data: unknown, event?: string) =>
  `${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`;

const openAIChunk = (delta: object, finish: string | null) => ({
  id: "chatcmpl-test",
  object: "chat.completion.chunk",
  created: 1_700_000_000,
  model: "test-model",
  choices: [{ index: 0, delta, finish_reason: finish }],
});

const openAIFormat: WireFormat = {
  contentType: "text/event-stream",
  start: [sse(openAIChunk({ role: "assistant", content: "" }, null))],
  delta: (text) => sse(openAIChunk({ content: text }, null)),
  end: `${sse(openAIChunk({}, "stop"))}data: [DONE]\n\n`,
  malformed: 'data: {"id":"chatcmpl-test","choices":[{"delta":{"content":"oops\n\n',
};

const ollamaLine = (content: string, done: boolean) =>
  `${JSON.stringify({
    model: "llama2",
    created_at: "2024-01-01T00:00:00Z",
    message: { role: "assistant", content },
    done,
    ...(done ? { done_reason: "stop", total_duration: 1, prompt_eval_count: 10, eval_count: 4 } : {}),
  })}\n`;

const ollamaFormat: WireFormat = {
  contentType: "application/x-ndjson",
  start: [],
  delta: (text) => ollamaLine(text, false),
  end: ollamaLine("", true),
  malformed: '{"model":"llama2","message":{"role":"assistant","content":"oops\n',
};

const anthropicFormat: WireFormat = {
  contentType: "text/event-stream",
  start: [
    sse(
      {
        type: "message_start",
        message: {
          id: "msg_test",
          type: "message",
          role: "assistant",
          content: [],
          model: "claude-3-5-haiku-latest",
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 10, output_tokens: 1 },
        },
      },
      "message_start",
    ),
    sse(
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      "content_block_start",
    ),
  ],
  delta: (text) =>
    sse(
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } },
      "content_block_delta",
    ),
  end: [
    sse({ type: "content_block_stop", index: 0 }, "content_block_stop"),
    sse(
      {
        type: "message_delta",
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: { output_tokens: 4 },
      },
      "message_delta",
    ),
    sse({ type: "message_stop" }, "message_stop"),
  ].join(""),
  malformed: 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,\n\n',
};
