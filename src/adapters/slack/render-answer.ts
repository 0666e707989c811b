import type { types } from "@slack/bolt";
import type { Citation } from "../../answer/answer-types.js";
import { escapeMrkdwn } from "./markdown-to-mrkdwn.js";

/** Block Kit pieces of an answer: its text as sections, a "Sources" context block, Helpful / Not helpful buttons. */
export type SlackBlock = types.KnownBlock;

/** Slack's limit for the text of one section block. */
export const sectionTextLimit = 3000;
const contextElementLimit = 10;

export const feedbackActionIds = {
  helpful: "docent_feedback_helpful",
  notHelpful: "docent_feedback_not_helpful",
};

export function sectionBlock(mrkdwn: string): SlackBlock {
  return { type: "section", text: { type: "mrkdwn", text: mrkdwn.slice(0, sectionTextLimit) || " " } };
}

export function sourcesBlock(citations: readonly Citation[]): SlackBlock | null {
  if (citations.length === 0) return null;
  const shown = citations.slice(0, contextElementLimit - 1);
  const more = citations.length - shown.length;
  const elements = [
    "*Sources*",
    ...shown.map((citation) => `[${citation.n}] ${describeCitation(citation)}`),
  ].map((text) => ({ type: "mrkdwn" as const, text: text.slice(0, sectionTextLimit) }));
  if (more > 0) {
    const last = elements[elements.length - 1];
    if (last) last.text = `${last.text} (and ${more} more)`;
  }
  return { type: "context", elements };
}

function describeCitation(citation: Citation): string {
  const label = escapeMrkdwn(
    `${citation.source}${citation.page === null ? "" : `, page ${citation.page}`}`.replace(/\|/g, "¦"),
  );
  if (citation.url === undefined) return label;
  const url = citation.url.replace(/&/g, "&amp;").replace(/[<>|]/g, encodeURIComponent);
  return `<${url}|${label}>`;
}

export interface FeedbackTarget {
  questionId: string;
  answerId: string;
  sources: readonly string[];
}

const valueLimit = 2000;

/** The buttons carry the ids and cited sources, so a click needs no state kept between messages. */
export function feedbackBlock(target: FeedbackTarget): SlackBlock {
  const value = encodeFeedbackTarget(target);
  return {
    type: "actions",
    block_id: "docent_feedback",
    elements: [
      {
        type: "button",
        action_id: feedbackActionIds.helpful,
        text: { type: "plain_text", text: "Helpful" },
        value,
      },
      {
        type: "button",
        action_id: feedbackActionIds.notHelpful,
        text: { type: "plain_text", text: "Not helpful" },
        value,
      },
    ],
  };
}

export function encodeFeedbackTarget(target: FeedbackTarget): string {
  const sources = [...new Set(target.sources)];
  let value = JSON.stringify({ q: target.questionId, a: target.answerId, s: sources });
  while (value.length > valueLimit && sources.length > 0) {
    sources.pop();
    value = JSON.stringify({ q: target.questionId, a: target.answerId, s: sources });
  }
  return value;
}

export function decodeFeedbackTarget(value: string | undefined): FeedbackTarget | null {
  try {
    const parsed = JSON.parse(value ?? "") as { q?: unknown; a?: unknown; s?: unknown };
    if (typeof parsed.q !== "string" || typeof parsed.a !== "string" || !Array.isArray(parsed.s)) return null;
    const sources = parsed.s.filter((source): source is string => typeof source === "string");
    return { questionId: parsed.q, answerId: parsed.a, sources };
  } catch {
    return null;
  }
}

/** The blocks that follow the answer text on its last message. */
export function answerExtraBlocks(
  citations: readonly Citation[],
  target: FeedbackTarget | null,
): SlackBlock[] {
  const sources = sourcesBlock(citations);
  return [...(sources ? [sources] : []), ...(target ? [feedbackBlock(target)] : [])];
}
