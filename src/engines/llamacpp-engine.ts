import type { Config } from "../config/config.js";
import { DocentError } from "../errors.js";
import { loadLlamaModel } from "../llamacpp/load-llama-model.js";
import type {
  ChatHistoryItem,
  GenerationOptions,
  LlamaContext,
  LlamaModel,
  NodeLlamaCpp,
} from "../llamacpp/node-llama-cpp-types.js";
import type { Logger } from "../logging/logger.js";
import type { EngineParts } from "./assemble-chat-engine.js";
import type { PromptMessage } from "./chat-engine.js";
import { describeProfileWarnings, resolveEngineProfile } from "./engine-profiles.js";
import { formatCompletionPrompt, formatLlama2ChatPrompt } from "./prompt-formats.js";
import { createTextChannel } from "./text-channel.js";
import { createGgufTokenCounter } from "./token-counters.js";

/**
 * How the prompt reaches the model: "chat-template" through the GGUF's own template (node-llama-cpp's chat
 * wrappers); "llama2-chat" as Llama 2 Chat's [INST] format, for a chat model whose GGUF carries no template;
 * "completion" as plain text ending in "Answer:", for a base model.
 */
export type PromptFormat = "chat-template" | "llama2-chat" | "completion";

export type LlamaCppEngineParts = Omit<EngineParts, "limits"> & { promptFormat: PromptFormat };

/** Loads a GGUF once, in-process; close() frees it after stopping whatever is still generating. */
export async function loadLlamaCppEngine(
  settings: Config["llm"],
  logger: Logger,
): Promise<LlamaCppEngineParts> {
  const unavailable = (error: unknown) =>
    new DocentError("ENGINE_UNAVAILABLE", `llama.cpp could not load ${settings.modelPath}`, { cause: error });
  const { modelPath, library, llama, model } = await loadLlamaModel(
    settings.modelPath,
    { pathSetting: "LLM_MODEL_PATH", providerSetting: "LLM_PROVIDER" },
    logger,
    unavailable,
  );
  try {
    const { general, tokenizer } = model.fileInfo.metadata;
    const hasChatTemplate = typeof tokenizer?.chat_template === "string" && tokenizer.chat_template !== "";
    const facts = { name: general?.name, hasChatTemplate, trainContextSize: model.trainContextSize };
    const profile = resolveEngineProfile(settings, facts);
    const sequences = settings.concurrency ?? 1;
    // One core is left to the rest of the bot (adapters, retrieval): on a busy 2-core machine, 16 tokens of the
    // tiny test model took 10 s with node-llama-cpp's default thread count and 0.08 s with one thread.
    const threads = Math.max(1, llama.cpuMathCores - 1);
    const context = await model.createContext({ contextSize: profile.contextWindow, sequences, threads });
    const promptFormat: PromptFormat = !profile.chatTuned
      ? "completion"
      : hasChatTemplate
        ? "chat-template"
        : "llama2-chat";
    const generator = createGenerator(library, model, context, sequences, promptFormat, settings, logger);
    const id = `llamacpp:${profile.model}`;
    logger.info(
      { engine: id, promptFormat, contextSize: profile.contextWindow },
      "Loaded the llama.cpp model",
    );
    return {
      id,
      profile,
      promptFormat,
      tokenCounter: createGgufTokenCounter(modelPath, (text) => model.tokenize(text)),
      warnings: describeProfileWarnings(settings, profile),
      generate: (messages, signal) => generator.generate(messages, signal, id),
      close: async () => {
        await generator.stopAll();
        await context.dispose();
        await model.dispose();
        await llama.dispose();
      },
    };
  } catch (error) {
    await llama.dispose();
    throw unavailable(error);
  }
}

function createGenerator(
  library: NodeLlamaCpp,
  model: LlamaModel,
  context: LlamaContext,
  sequences: number,
  promptFormat: PromptFormat,
  settings: Config["llm"],
  logger: Logger,
) {
  const chatWrapper = promptFormat === "chat-template" ? library.resolveChatWrapper(model) : undefined;
  const running = new Set<{ stop: AbortController; done: Promise<void> }>();
  const sequencesInUse = new Set<Promise<void>>();

  async function run(messages: readonly PromptMessage[], options: GenerationOptions): Promise<number> {
    // A cancelled generation releases the queue at once but frees its sequence only when llama.cpp stops.
    while (sequencesInUse.size >= sequences) await Promise.race(sequencesInUse);
    const contextSequence = context.getSequence();
    let markFreed = () => {};
    const freed = new Promise<void>((resolve) => {
      markFreed = resolve;
    });
    sequencesInUse.add(freed);
    try {
      if (chatWrapper !== undefined) {
        const chat = new library.LlamaChat({ contextSequence, chatWrapper });
        await chat.generateResponse(toChatHistory(messages), options).finally(() => {
          chat.dispose({ disposeSequence: false });
        });
        return 0;
      }
      const completion = new library.LlamaCompletion({ contextSequence });
      const tokens = tokenizePrompt(model, messages, promptFormat);
      await completion.generateCompletion(tokens, options).finally(() => {
        completion.dispose({ disposeSequence: false });
      });
      return tokens.length + 1;
    } finally {
      contextSequence.dispose();
      sequencesInUse.delete(freed);
      markFreed();
    }
  }

  function generate(messages: readonly PromptMessage[], signal: AbortSignal, engineId: string) {
    const channel = createTextChannel();
    const stop = new AbortController();
    let answerTokens = 0;
    const options: GenerationOptions = {
      signal: AbortSignal.any([signal, stop.signal]),
      maxTokens: settings.maxAnswerTokens,
      temperature: settings.temperature,
      onTextChunk: (text) => channel.push(text),
      onToken: (tokens) => {
        answerTokens += tokens.length;
      },
    };
    const entry = { stop, done: Promise.resolve() };
    entry.done = run(messages, options).then(
      (promptTokens) => {
        logger.debug(
          { engine: engineId, promptFormat, promptTokens, answerTokens },
          "llama.cpp generation done",
        );
        channel.end();
      },
      (error: unknown) => channel.end(error),
    );
    running.add(entry);
    void entry.done.finally(() => running.delete(entry));
    return channel;
  }

  async function stopAll(): Promise<void> {
    for (const entry of running) entry.stop.abort();
    await Promise.all([...running].map((entry) => entry.done));
  }

  return { generate, stopAll };
}

/** The prompt as tokens: `<s>`/`</s>` in the Llama 2 format are real BOS/EOS tokens; generation adds the first BOS. */
function tokenizePrompt(
  model: LlamaModel,
  messages: readonly PromptMessage[],
  format: PromptFormat,
): number[] {
  if (format === "completion") return model.tokenize(formatCompletionPrompt(messages));
  const text = formatLlama2ChatPrompt(messages).replace(/^<s>/, "");
  return model.tokenize(text, true);
}

function toChatHistory(messages: readonly PromptMessage[]): ChatHistoryItem[] {
  const history = messages.map((message): ChatHistoryItem => {
    if (message.role === "assistant") return { type: "model", response: [message.content] };
    return { type: message.role, text: message.content };
  });
  history.push({ type: "model", response: [] });
  return history;
}
