/**
 * The part of node-llama-cpp the in-process engine and embedder use, typed here once so that the project builds
 * without the optional package (loaded by import-node-llama-cpp.ts only when a llamacpp provider is chosen).
 */
export interface NodeLlamaCpp {
  getLlama(options: {
    build: "never";
    logLevel: "warn";
    logger: (level: string, message: string) => void;
  }): Promise<Llama>;
  resolveChatWrapper(model: LlamaModel): unknown;
  LlamaCompletion: new (options: { contextSequence: LlamaSequence }) => LlamaCompletion;
  LlamaChat: new (options: { contextSequence: LlamaSequence; chatWrapper: unknown }) => LlamaChat;
}
export interface Llama {
  /** Cores llama.cpp's math runs on (physical cores). */
  readonly cpuMathCores: number;
  loadModel(options: { modelPath: string }): Promise<LlamaModel>;
  dispose(): Promise<void>;
}
export type Token = number;
export interface LlamaModel {
  readonly trainContextSize: number;
  readonly embeddingVectorSize: number;
  createEmbeddingContext(): Promise<LlamaEmbeddingContext>;
  readonly fileInfo: { metadata: GgufMetadata };
  tokenize(text: string, specialTokens?: boolean): Token[];
  createContext(options: { contextSize: number; sequences: number; threads: number }): Promise<LlamaContext>;
  dispose(): Promise<void>;
}
export interface GgufMetadata {
  general?: { name?: string; architecture?: string };
  tokenizer?: { chat_template?: string };
}
export interface LlamaContext {
  getSequence(): LlamaSequence;
  dispose(): Promise<void>;
}
export interface LlamaSequence {
  dispose(): void;
}
export interface GenerationOptions {
  signal: AbortSignal;
  maxTokens: number;
  temperature: number;
  onTextChunk: (text: string) => void;
  onToken: (tokens: Token[]) => void;
}
export interface LlamaCompletion {
  generateCompletion(input: Token[], options: GenerationOptions): Promise<string>;
  dispose(options: { disposeSequence: boolean }): void;
}
export type ChatHistoryItem =
  | { type: "system"; text: string }
  | { type: "user"; text: string }
  | { type: "model"; response: string[] };
export interface LlamaChat {
  generateResponse(history: ChatHistoryItem[], options: GenerationOptions): Promise<unknown>;
  dispose(options: { disposeSequence: boolean }): void;
}
export interface LlamaEmbeddingContext {
  getEmbeddingFor(text: string): Promise<{ readonly vector: readonly number[] }>;
  dispose(): Promise<void>;
}
