/**
 * What the answer pipeline needs from a language model: a profile (context window, whether it follows
 * instructions), a token counter that matches its tokenizer, and a stream of text deltas with timeouts,
 * retries, cancellation and a queue applied.
 */
export interface EngineProfile {
  provider: string;
  model: string;
  /** Tokens the model sees at once: prompt plus answer. */
  contextWindow: number;
  /** Tokens reserved for the answer. */
  maxAnswerTokens: number;
  /** Chat/instruct-tuned (follows a system prompt) rather than a base model that continues text. */
  chatTuned: boolean;
  /** Tokens each message costs beyond its text (role markers, template), for budgeting. */
  tokensPerMessage: number;
}

export interface StreamOptions {
  signal?: AbortSignal;
  /** Called while waiting for a turn, with the 1-based position in the queue. */
  onQueuePosition?: (position: number) => void;
}

/** Whether the engine can answer right now (for `docent status`, `docent doctor` and /readyz). */
export interface EngineReachability {
  /** The server answers and has the model, as far as it lets that be checked (in process: the model is loaded). */
  reachable: boolean;
  /** false when the server answered but has no model list to check the model against. */
  modelChecked?: boolean;
  /** One sentence of what was found, naming the server's URL: "the Ollama server at http://... has llama2". */
  detail?: string;
  /** When it cannot answer: what fixes it ("run `ollama pull llama2` where that Ollama server runs"). */
  fix?: string;
}

export interface ChatEngine {
  /** "extractive", "ollama:llama2", "openai:gpt-4o-mini", "llamacpp:model.gguf". */
  readonly id: string;
  readonly profile: EngineProfile;
  readonly tokenCounter: TokenCounter;
  /** Streams the answer's text. Rejects with DocentError ENGINE_* / RATE_LIMITED / CANCELLED. */
  stream(messages: readonly PromptMessage[], options?: StreamOptions): AsyncIterable<string>;
  /** Questions waiting for the engine right now. */
  queueLength(): number;
  /** Whether a generation asked for now would start at once: a slot is free and nobody waits in line. */
  hasFreeSlot(): boolean;
  /** A cheap look at the model (the server's model list; in process: loaded). Never rejects. */
  checkReachable?(): Promise<EngineReachability>;
  /** Warnings for the operator at start (for example a base model configured for answering). */
  warnings(): string[];
  close?(): Promise<void>;
}

/** One message of a chat prompt, as LangChain chat models take them. */
export interface PromptMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** Counts tokens the way one engine's model does (its own tokenizer, or a safe estimate). */
export interface TokenCounter {
  /** "llama", "tiktoken:cl100k_base", "gguf:<file>", "estimate". */
  readonly id: string;
  count(text: string): number;
}
