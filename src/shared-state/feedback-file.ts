import { appendFile, mkdir, open, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { isPlainId } from "../plain-id.js";
import { checkPlatformId } from "./check-platform-id.js";
import type { FeedbackRecord, FeedbackVote } from "./shared-state.js";

/**
 * Feedback votes, one JSON line each, appended to feedback.jsonl in the state folder (created on demand). Every
 * vote is one write of one whole line; a line that cannot be read (a crash mid-write, a hand edit) is skipped and
 * counted, never taking the other lines with it. Question text is only kept when content logging is on.
 */

const recordSchema = z.object({
  recordedAt: z.string(),
  platform: z.string().refine(isPlainId),
  questionId: z.string(),
  answerId: z.string(),
  userId: z.string(),
  vote: z.enum(["helpful", "not-helpful"]),
  sources: z.array(z.string()),
  questionText: z.string().optional(),
});

export function feedbackFile(stateDir: string): string {
  return path.join(stateDir, "feedback.jsonl");
}

export function createFeedbackStore(stateDir: string, options: { keepText: boolean }) {
  const file = feedbackFile(stateDir);
  let writing: Promise<void> = Promise.resolve();
  let checkedEnding = false;

  async function append(vote: FeedbackVote): Promise<void> {
    checkPlatformId(vote.platform);
    await mkdir(stateDir, { recursive: true });
    const { questionText, ...rest } = vote;
    const record: FeedbackRecord = {
      recordedAt: new Date().toISOString(),
      ...rest,
      sources: [...vote.sources],
      ...(options.keepText && questionText !== undefined ? { questionText } : {}),
    };
    // A line cut short by an earlier crash must not swallow this one.
    const separator = checkedEnding ? "" : await separatorAfterLastLine(file);
    checkedEnding = true;
    await appendFile(file, `${separator}${JSON.stringify(record)}\n`, "utf8");
  }

  return {
    /** Appends one vote; votes are written one after another, never interleaved. */
    record(vote: FeedbackVote): Promise<void> {
      const next = writing.then(() => append(vote));
      writing = next.catch(() => undefined);
      return next;
    },
  };
}

export async function readFeedback(
  stateDir: string,
): Promise<{ records: FeedbackRecord[]; skippedLines: number }> {
  let text: string;
  try {
    text = await readFile(feedbackFile(stateDir), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { records: [], skippedLines: 0 };
    throw error;
  }
  const records: FeedbackRecord[] = [];
  let skippedLines = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const parsed = recordSchema.safeParse(parseJson(line));
    if (parsed.success) records.push(parsed.data);
    else skippedLines++;
  }
  return { records, skippedLines };
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

async function separatorAfterLastLine(file: string): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, "r");
    const { size } = await handle.stat();
    if (size === 0) return "";
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last.toString() === "\n" ? "" : "\n";
  } catch {
    return "";
  } finally {
    await handle?.close();
  }
}
