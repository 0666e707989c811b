import { AIMessage, type BaseMessage, HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { PromptMessage } from "./chat-engine.js";
import type { ChatModelForAttempt } from "./langchain-chat-models.js";
import { formatCompletionPrompt } from "./prompt-formats.js";

/**
 * One attempt at a generation through a LangChain chat model: the prompt as chat roles for a chat-tuned model,
 * or as one completion prompt for a base model; the model's chunks as plain text deltas.
 */
export async function* streamChatModel(
  modelForAttempt: ChatModelForAttempt,
  messages: readonly PromptMessage[],
  chatTuned: boolean,
  signal: AbortSignal,
): AsyncGenerator<string> {
  const model = modelForAttempt(signal);
  const prompt = chatTuned
    ? messages.map(toLangChainMessage)
    : [new HumanMessage(formatCompletionPrompt(messages))];
  const stream = await model.stream(prompt, { signal });
  for await (const chunk of stream) yield chunk.text;
}

function toLangChainMessage(message: PromptMessage): BaseMessage {
  if (message.role === "system") return new SystemMessage(message.content);
  if (message.role === "assistant") return new AIMessage(message.content);
  return new HumanMessage(message.content);
}
