import path from "node:path";
import type { Config, LlmProvider } from "../config/config.js";
import type { EngineProfile } from "./chat-engine.js";

type LlmSettings = Config["llm"];
export type ModelProvider = Exclude<LlmProvider, "extractive">;

/** What a GGUF file says about itself (node-llama-cpp reads it), for the in-process engine. */
export interface GgufFacts {
  /** The model's general.name, when it has one. */
  name: string | undefined;
  hasChatTemplate: boolean;
  trainContextSize: number;
}

export const defaultModels: Record<ModelProvider, string> = {
  ollama: "llama2",
  "openai-compatible": "default",
  openai: "gpt-4o-mini",
  anthropic: "claude-3-5-haiku-latest",
  llamacpp: "model.gguf",
};

/** When the model's name says nothing: 4,096 tokens fits every model worth answering with. */
const safeContextWindow = 4096;
/** An in-process context is allocated up front (its KV cache), so a GGUF's trained window is capped. */
const ggufContextCap = 8192;

const contextWindows: [RegExp, number][] = [
  [/claude/, 200_000],
  [/gpt-4o|gpt-4\.1|gpt-4-turbo|gpt-5|(^|\/)o[1345](-|$)/, 128_000],
  [/gpt-4/, 8192],
  [/gpt-3\.5/, 16_385],
  [/llama-?3/, 8192],
  [/llama-?2|llama v2|codellama/, 4096],
  [/mistral|mixtral/, 32_768],
];

const tunedMarkers = /chat|instruct|(^|[-_.:/])it([-_.:]|$)|rlhf|dpo/;
const baseMarkers = /(^|[-_.:/\s])(text|base)([-_.:\s]|$)|llama-?2-\d+b-hf$/;

/** The model name an engine is known by: the configured one, the provider's default, or the GGUF's file name. */
export function resolveModelName(settings: LlmSettings, provider: ModelProvider): string {
  if (provider === "llamacpp" && settings.modelPath !== undefined) return path.basename(settings.modelPath);
  return settings.model ?? defaultModels[provider];
}

export function resolveEngineProfile(settings: LlmSettings, gguf?: GgufFacts): EngineProfile {
  const provider = settings.provider === "extractive" ? "ollama" : settings.provider;
  const model = resolveModelName(settings, provider);
  const names = [model, gguf?.name ?? ""].map((name) => name.toLowerCase());
  const chatTuned = settings.chatTuned ?? guessChatTuned(provider, names, gguf);
  return {
    provider,
    model,
    contextWindow: settings.contextWindow ?? guessContextWindow(names, gguf),
    maxAnswerTokens: settings.maxAnswerTokens,
    chatTuned,
    tokensPerMessage: guessTokensPerMessage(provider, names, chatTuned),
  };
}

/** Tags like llama2, llama-2-7b-chat or "LLaMA v2" (a GGUF's general.name). */
export function isLlama2Model(name: string): boolean {
  return /llama-?2|llama v2/i.test(name) && !/codellama/i.test(name);
}

function guessChatTuned(provider: ModelProvider, names: string[], gguf: GgufFacts | undefined): boolean {
  if (names.some((name) => tunedMarkers.test(name))) return true;
  if (names.some((name) => baseMarkers.test(name))) return false;
  // Ollama's bare tags (llama2, mistral) are the chat models; hosted APIs and chat endpoints serve tuned models.
  if (provider !== "llamacpp") return true;
  return gguf?.hasChatTemplate ?? false;
}

function guessContextWindow(names: string[], gguf: GgufFacts | undefined): number {
  if (gguf !== undefined) return Math.min(gguf.trainContextSize, ggufContextCap);
  for (const [pattern, window] of contextWindows) {
    if (names.some((name) => pattern.test(name))) return window;
  }
  return safeContextWindow;
}

function guessTokensPerMessage(provider: ModelProvider, names: string[], chatTuned: boolean): number {
  if (!chatTuned) return 4;
  if (provider === "openai") return 4;
  if (provider === "anthropic") return 6;
  // Llama 2's "[INST] ", " [/INST]", "<<SYS>>\n" and "</s><s>" markers cost about a dozen tokens a turn.
  return names.some(isLlama2Model) ? 12 : 8;
}

/** Sentences for the operator at start-up: a base model configured to answer questions is the usual mistake. */
export function describeProfileWarnings(settings: LlmSettings, profile: EngineProfile): string[] {
  if (profile.chatTuned || settings.chatTuned === false) return [];
  const advice = "set LLM_CHAT_TUNED=true if you are sure";
  const effect = "it continues text instead of following instructions";
  if (profile.provider === "llamacpp") {
    return [
      `LLM_MODEL_PATH=${profile.model} looks like a base model (the GGUF has no chat template): ${effect}; use a chat/instruct GGUF such as llama-2-7b-chat or ${advice}`,
    ];
  }
  const example = isLlama2Model(profile.model) ? "llama2 (chat)" : "an instruct or chat variant of it";
  return [
    `LLM_MODEL=${profile.model} looks like a base model: ${effect}; use a chat/instruct model such as ${example} or ${advice}`,
  ];
}
