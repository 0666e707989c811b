import type { Answer, HistoryTurn } from "../answer/answer-types.js";
import type { EngineReachability } from "../engines/chat-engine.js";
import type { ErrorCode } from "../errors.js";
import type { IndexRepair } from "../index-store/index-repair.js";
import type { FeedbackVote } from "../shared-state/shared-state.js";
import type { IngestFailureKind } from "./ingest-child-protocol.js";
import type { SourceStatus } from "./source-status.js";

/**
 * What the chat platforms (Slack, Discord: src/platforms/chat-platform.ts) call. Everything that is not platform-specific lives behind this port,
 * once: which scopes a conversation may see, who is an admin, per-user rate limits, the answer itself, status,
 * reindex (in a separate process, one at a time, hot switch) and feedback. Adapters translate platform events
 * into these calls and render the results; they make no decisions.
 */

/** Where a question was asked, as much as access decisions need. */
export interface Conversation {
  /** The chat platform's id ("slack"), as the platforms list names it (src/cli/chat-platforms.ts). */
  platform: string;
  /** Slack channel id (C…/G…/D…) or Discord channel id; for a thread, the parent channel. */
  channelId: string;
  isDirectMessage: boolean;
  userId: string;
  /** Discord role ids of the asker in the guild (empty on Slack and in DMs without a known member). */
  roleIds?: readonly string[];
}

export interface ChatQuestion {
  conversation: Conversation;
  text: string;
  /** Earlier messages of the thread, oldest first; the adapter labels other people's messages as "other". */
  history: readonly HistoryTurn[];
  signal?: AbortSignal;
  onDelta?: (delta: string) => void;
  onQueuePosition?: (position: number) => void;
}

export type ChatReply =
  | {
      kind: "answer";
      /** Ids for feedback buttons and logs. */
      questionId: string;
      answerId: string;
      answer: Answer;
    }
  /** Refused before answering; each surface says why (src/rendering/reply-sentences.ts). */
  | ({ kind: "refused" } & Refusal);

/** Why a question was refused before any work was done on it. */
export type Refusal =
  /** Longer than DOCENT_MAX_QUESTION_CHARS. */
  | { reason: "too-long"; maxChars: number }
  /** The asker passed their per-minute limit (DOCENT_USER_QUESTIONS_PER_MINUTE). */
  | { reason: "user-rate-limit" }
  /** The engine's queue is full: the bot is busy. */
  | { reason: "queue-full" };

/** Who asks for the status: it shows only the scopes that conversation may search, unless the asker is an admin. */
export interface StatusAsker {
  conversation: Conversation;
  /** Discord's Manage Server permission (an admin unless DISCORD_ADMINS_BY_MANAGE_SERVER=false). */
  managesServer?: boolean;
}

/** The status facts, built once (read-status.ts) for the bots and `docent status`; surfaces only render. */
export interface StatusReport {
  generation: string | null;
  /** Documents and chunks in the scopes shown. */
  documents: number;
  chunks: number;
  /** Chunks per scope shown. */
  scopes: Record<string, number>;
  /** Documents per scope shown. */
  documentsByScope: Record<string, number>;
  /** The embedder that built the index ("local:hashed-ngrams-v1:384"), or null without an index. */
  embedder: string | null;
  indexBuiltAt: string | null;
  lastIngest: {
    finishedAt: string;
    added: number;
    updated: number;
    removed: number;
    unchanged: number;
    failed: number;
  } | null;
  reindexRunning: boolean;
  engine: string;
  /** Whether the engine can answer right now (extractive: always): what its server said, naming it, and the fix. */
  engineReachable: EngineReachability;
  queueLength: number;
  /** The chat platforms this process is configured to serve, by id, in the order they are listed. */
  platforms: string[];
  /** The document sources, by name, with their documents in the scopes shown and their last sync. */
  sources: SourceStatus[];
}

export interface ReindexProgress {
  stage: string;
  done: number;
  total: number;
}

/**
 * How a reindex ended, worked out once by the core: done (every file ingested), partial (some files failed; the new
 * generation serves), locked (another run held the lock: the CLI, the schedule, chat, another replica), failed (the
 * previous generation keeps serving), refused (the asker is not an admin; nothing ran).
 */
export type ReindexOutcome = "done" | "partial" | "locked" | "failed" | "refused";

/** Who asks for a reindex; null for the operator (the schedule, the console). */
export interface ReindexActor {
  platform: string;
  userId: string;
  /** Discord's Manage Server permission. */
  managesServer?: boolean;
}

export interface ReindexResult {
  outcome: ReindexOutcome;
  summary: {
    added: number;
    updated: number;
    removed: number;
    unchanged: number;
    chunks: number;
    failed: Array<{ source: string; reason: string }>;
    durationMs: number;
    /** Set when the run found the index damaged and rebuilt it (the ingest's exit status 2). */
    repaired?: IndexRepair;
  } | null;
  /** The generation now serving. */
  generation: string | null;
  /** Why a failed run failed: the error code, its kind (the admin's reply names it), a message for the log only. */
  failure?: { code: ErrorCode; kind: IngestFailureKind; message: string };
}

export interface ChatCore {
  /** The scopes this conversation may search. Nothing outside them is ever retrieved. */
  scopesFor(conversation: Conversation): string[];
  ask(question: ChatQuestion): Promise<ChatReply>;
  /** The status as the asker may see it; without an asker, every scope (the console, tests). */
  status(asker?: StatusAsker): Promise<StatusReport>;
  /**
   * Re-ingests the documents in a child process, for an admin (the core refuses anyone else) or the operator (null).
   * Never rejects for a locked, failed or refused run: the outcome says which; rejects only when shutting down.
   */
  reindex(
    actor: ReindexActor | null,
    onProgress?: (progress: ReindexProgress) => void,
  ): Promise<ReindexResult>;
  recordFeedback(vote: FeedbackVote): Promise<void>;
  /** Marks an event id as seen; false when it was seen before (platform retries). */
  markEventSeen(platform: string, eventId: string): Promise<boolean>;
}
