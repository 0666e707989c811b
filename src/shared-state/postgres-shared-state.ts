import { isDocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import { connectDatabase } from "../postgres/connect-database.js";
import { createStateTables } from "../postgres/migrate.js";
import { postgresText, postgresTextOrNull } from "../postgres/postgres-text.js";
import { checkPlatformId } from "./check-platform-id.js";
import { createMemorySeenEvents } from "./memory-seen-events.js";
import type { FeedbackRecord, SharedState } from "./shared-state.js";

const seenForMs = 60 * 60 * 1000;
/** Expired event ids are deleted every this many new events. */
const purgeEvery = 500;

/**
 * Shared state in PostgreSQL. markSeen is one INSERT ... ON CONFLICT, so of two replicas that receive the same
 * retried event exactly one gets true. While the database is unreachable, event ids fall back to this replica's
 * memory (a retry may then be answered by two replicas, never twice by one) and feedback votes fail with a
 * friendly sentence.
 */
export async function createPostgresSharedState(options: {
  url: string;
  schema: string;
  keepText: boolean;
  logger: Logger;
}): Promise<SharedState> {
  const db = connectDatabase({ ...options, maxConnections: 5 });
  await createStateTables(db).catch(async (error: unknown) => {
    await db.close();
    throw error;
  });
  const fallback = createMemorySeenEvents({ ttlMs: seenForMs });
  let inserted = 0;
  const seenTable = db.table("seen_events");
  const feedbackTable = db.table("feedback");

  return {
    seenEvents: {
      async markSeen(key) {
        try {
          const result = await db.query(
            `INSERT INTO ${seenTable} (key, expires_at) VALUES ($1, now() + $2 * interval '1 millisecond')
             ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at
             WHERE ${seenTable}.expires_at < now()
             RETURNING key`,
            [postgresText(key), seenForMs],
          );
          if (++inserted % purgeEvery === 0) {
            await db.query(`DELETE FROM ${seenTable} WHERE expires_at < now()`);
          }
          return result.rowCount === 1;
        } catch (error) {
          options.logger.warn(
            { err: error },
            isDocentError(error, "DATABASE_UNAVAILABLE")
              ? "event de-duplication fell back to memory: database unreachable"
              : "event de-duplication fell back to memory: the database refused the event id",
          );
          return fallback.markSeen(key);
        }
      },
    },
    feedback: {
      async record(vote) {
        checkPlatformId(vote.platform);
        await db.query(
          `INSERT INTO ${feedbackTable}
             (platform, question_id, answer_id, user_id, vote, sources, question_text)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            vote.platform,
            postgresText(vote.questionId),
            postgresText(vote.answerId),
            postgresText(vote.userId),
            vote.vote,
            JSON.stringify(vote.sources.map(postgresText)),
            options.keepText ? postgresTextOrNull(vote.questionText) : null,
          ],
        );
      },
      async readAll() {
        const { rows } = await db.query<FeedbackRow>(
          `SELECT recorded_at, platform, question_id, answer_id, user_id, vote, sources, question_text
           FROM ${feedbackTable} ORDER BY id`,
        );
        return { records: rows.map(toRecord), skippedLines: 0 };
      },
    },
    close: () => db.close(),
  };
}

interface FeedbackRow {
  recorded_at: Date;
  platform: FeedbackRecord["platform"];
  question_id: string;
  answer_id: string;
  user_id: string;
  vote: FeedbackRecord["vote"];
  sources: string[];
  question_text: string | null;
}

function toRecord(row: FeedbackRow): FeedbackRecord {
  return {
    recordedAt: row.recorded_at.toISOString(),
    platform: row.platform,
    questionId: row.question_id,
    answerId: row.answer_id,
    userId: row.user_id,
    vote: row.vote,
    sources: row.sources,
    ...(row.question_text === null ? {} : { questionText: row.question_text }),
  };
}
