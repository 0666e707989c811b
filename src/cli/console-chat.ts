import type { Answer, HistoryTurn } from "../answer/answer-types.js";
import type { Answerer } from "../answer/answerer.js";
import { friendlyMessage, isDocentError } from "../errors.js";
import { answerText } from "../rendering/reply-sentences.js";
import { tooLongSentence } from "./question-problems.js";
import { readQuestionLines } from "./read-question-lines.js";
import { remember } from "./remember-turn.js";
import { renderSources } from "./render-answer.js";
import { describePassages } from "./render-passages.js";

export interface ConsoleChatOptions {
  scopes: readonly string[] | undefined;
  /** Passages retrieved per question (DOCENT_TOP_K), to find the last answer's passages again for /sources. */
  topK: number;
  /** Longer questions are refused with the chat platforms' sentence (DOCENT_MAX_QUESTION_CHARS). */
  maxQuestionChars: number;
}

const help = [
  "Commands:",
  "  /help     this list",
  "  /sources  the passages behind the last answer, with their text",
  "  /new      start a new conversation (the earlier questions are forgotten)",
  "  /quit     leave (also /exit or Ctrl-D)",
  "Anything else is a question.",
].join("\n");

/** One conversation: the turns so far, and the last question with its answer (for /sources). */
interface Conversation {
  history: HistoryTurn[];
  last: { question: string; answer: Answer } | null;
}

/** The console chat: questions answered as they stream, sources after each answer, and a few slash commands. */
export async function chatInConsole(answerer: Answerer, options: ConsoleChatOptions): Promise<void> {
  const output = process.stdout;
  const conversation: Conversation = { history: [], last: null };
  for (const warning of answerer.engine?.warnings() ?? []) output.write(`Warning: ${warning}\n`);
  output.write(
    `Ask a question about your documents (engine: ${answerer.engineId}). /help lists the commands.\n`,
  );
  output.write("\nyou> ");
  try {
    for await (const line of readQuestionLines(process.stdin, options.maxQuestionChars)) {
      if (line.kind === "too-long") {
        output.write(`docent> ${tooLongSentence(options.maxQuestionChars)}\n\nyou> `);
        continue;
      }
      const text = line.text;
      if (text === "/quit" || text === "/exit") break;
      if (/^\/[a-z]+$/i.test(text)) await runCommand(text.toLowerCase(), answerer, options, conversation);
      else if (text !== "") await answerInConsole(answerer, text, options.scopes, conversation);
      output.write("\nyou> ");
    }
  } finally {
    output.write("\n");
  }
}

async function runCommand(
  command: string,
  answerer: Answerer,
  options: ConsoleChatOptions,
  conversation: Conversation,
): Promise<void> {
  const output = process.stdout;
  if (command === "/help") output.write(`${help}\n`);
  else if (command === "/new") {
    conversation.history = [];
    conversation.last = null;
    output.write("New conversation: the earlier questions are forgotten.\n");
  } else if (command === "/sources") {
    if (conversation.last === null) output.write("No answer yet: ask a question first.\n");
    else output.write(await describePassages(answerer, conversation.last, options));
  } else output.write(`Unknown command ${command}: /help lists the commands.\n`);
}

async function answerInConsole(
  answerer: Answerer,
  text: string,
  scopes: readonly string[] | undefined,
  conversation: Conversation,
): Promise<void> {
  const output = process.stdout;
  output.write("docent> ");
  let streamed = "";
  try {
    const answer = await answerer.answer({
      text,
      scopes,
      history: [...conversation.history],
      onDelta: (delta) => {
        streamed += delta;
        output.write(delta);
      },
      onQueuePosition: (position) => output.write(`(waiting for the model: number ${position} in line) `),
    });
    // The checked answer replaces what streamed when it differs (a removed citation, a "not covered" reply).
    const shown = answerText(answer).trim();
    if (shown !== streamed.trim()) output.write(`${streamed ? "\n\n" : ""}${shown}`);
    output.write(`\n${renderSources(answer.citations)}`);
    remember(conversation.history, text, answer);
    conversation.last = { question: text, answer };
  } catch (error) {
    if (!isDocentError(error)) throw error;
    output.write(`${friendlyMessage(error)}\n`);
  }
}
