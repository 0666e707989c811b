/**
 * The state a bot keeps besides the index: event ids already handled (platform retries answered once) and
 * feedback votes. One replica keeps them in memory and in the state folder; with DATABASE_URL they live in
 * PostgreSQL, so that replicas behind a load balancer share them (a retry landing on another replica is still
 * answered once).
 */
export interface SharedState {
  readonly seenEvents: SeenEvents;
  readonly feedback: FeedbackStore;
  close(): Promise<void>;
}

export interface FeedbackStore {
  record(vote: FeedbackVote): Promise<void>;
  /** Every vote, oldest first; skippedLines counts stored records that could not be read. */
  readAll(): Promise<{ records: FeedbackRecord[]; skippedLines: number }>;
}

/** Event ids already handled, so that a platform's retry of an event is not answered twice. */
export interface SeenEvents {
  /** Records the key; false when it was recorded before and has not expired. */
  markSeen(key: string): Promise<boolean>;
}

export interface FeedbackVote {
  /** The chat platform's id, a plain id (src/plain-id.ts): stored as given, whichever platforms are listed. */
  platform: string;
  questionId: string;
  answerId: string;
  userId: string;
  vote: "helpful" | "not-helpful";
  /** Cited sources of the answer voted on. */
  sources: readonly string[];
  /** Only stored when DOCENT_LOG_CONTENT is on. */
  questionText?: string;
}

/** A vote as stored, with when it was recorded. */
export interface FeedbackRecord extends FeedbackVote {
  recordedAt: string;
}
