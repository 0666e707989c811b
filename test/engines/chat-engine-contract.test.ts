import { afterAll, beforeAll } from "vitest";
import { tinyGgufPath, tinyGgufSkipReason } from "../helpers/tiny-gguf.js";
import { describeChatEngineContract } from "./chat-engine-contract.js";
import { type FakeChatServer, startFakeChatServer } from "./fake-chat-server.js";

let server: FakeChatServer;
beforeAll(async () => {
  server = await startFakeChatServer();
});
afterAll(() => server.close());

const overHttp = (settings: Record<string, unknown>) => () => ({
  settings: { baseUrl: server.url, ...settings },
  stallNext: () => server.script({ kind: "stall", deltas: ["The "] }),
});

describeChatEngineContract("Ollama", overHttp({ provider: "ollama" }));
describeChatEngineContract(
  "OpenAI-compatible server",
  overHttp({ provider: "openai-compatible", model: "llama2" }),
);
describeChatEngineContract("OpenAI", overHttp({ provider: "openai", apiKey: "sk-test" }));
describeChatEngineContract("Anthropic", overHttp({ provider: "anthropic", apiKey: "sk-ant-test" }));
describeChatEngineContract(
  `llama.cpp in process${tinyGgufSkipReason}`,
  () => ({ settings: { provider: "llamacpp", modelPath: tinyGgufPath, chatTuned: true } }),
  tinyGgufSkipReason === "" ? undefined : tinyGgufSkipReason,
);
