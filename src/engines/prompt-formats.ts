import type { PromptMessage } from "./chat-engine.js";

/**
 * Prompts as plain text, for models that take no chat roles: a base model gets the conversation as a document
 * that ends in "Answer:", and a Llama 2 Chat model without a usable chat template gets Meta's own format.
 */

/** The instructions, the conversation and the question as text, ending in "Answer:" for the model to continue. */
export function formatCompletionPrompt(messages: readonly PromptMessage[]): string {
  const parts: string[] = [];
  const lastUser = messages.findLastIndex((message) => message.role === "user");
  messages.forEach((message, index) => {
    if (message.role === "system" || index === lastUser) parts.push(message.content.trim());
    else parts.push(`${message.role === "user" ? "User" : "Assistant"}: ${message.content.trim()}`);
  });
  return `${parts.join("\n\n")}\n\nAnswer:`;
}

/**
 * Llama 2 Chat's template: `<s>[INST] <<SYS>>\n{system}\n<</SYS>>\n\n{user} [/INST] {answer} </s>` per turn,
 * the system prompt folded into the first user turn, the last turn left open for the model's answer.
 * `<s>` and `</s>` stand for the BOS and EOS tokens: tokenize with special tokens on.
 */
export function formatLlama2ChatPrompt(messages: readonly PromptMessage[]): string {
  const system = messages
    .filter((message) => message.role === "system")
    .map((message) => message.content.trim())
    .join("\n\n");
  const turns: { user: string; answer: string | undefined }[] = [];
  for (const message of messages) {
    if (message.role === "user") turns.push({ user: message.content.trim(), answer: undefined });
    else if (message.role === "assistant") {
      const last = turns.at(-1);
      if (last === undefined || last.answer !== undefined)
        turns.push({ user: "", answer: message.content.trim() });
      else last.answer = message.content.trim();
    }
  }
  if (turns.length === 0) turns.push({ user: "", answer: undefined });
  return turns
    .map((turn, index) => {
      const user = index === 0 && system !== "" ? `<<SYS>>\n${system}\n<</SYS>>\n\n${turn.user}` : turn.user;
      const open = `<s>[INST] ${user} [/INST]`;
      return turn.answer === undefined ? open : `${open} ${turn.answer} </s>`;
    })
    .join("");
}
