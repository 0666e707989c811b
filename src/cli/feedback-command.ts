import { createSharedState } from "../shared-state/create-shared-state.js";
import { feedbackFile } from "../shared-state/feedback-file.js";
import type { FeedbackRecord } from "../shared-state/shared-state.js";
import { createCliContext } from "./cli-context.js";
import { parseCommandLine } from "./parse-command-line.js";

/**
 * `docent feedback [--json]`: the Helpful / Not helpful votes from Slack and Discord. `--json` prints every vote
 * as one JSON array (for export); without it, totals and the sources voted on. Unreadable lines are skipped and
 * counted on standard error.
 */
export async function runFeedbackCommand(argv: string[]): Promise<number> {
  const json = parseCommandLine("feedback", argv).flag("json");
  const { config, logger } = createCliContext({}, { usesIndex: false });
  const state = await createSharedState(config, logger);
  const { records, skippedLines } = await state.feedback.readAll().finally(() => state.close());
  if (skippedLines > 0) {
    const where = config.storage.databaseUrl ? "the database" : feedbackFile(config.chat.stateDir);
    process.stderr.write(`docent: skipped ${skippedLines} unreadable vote(s) in ${where}\n`);
  }
  process.stdout.write(json ? `${JSON.stringify(records, null, 2)}\n` : describeFeedback(records));
  return 0;
}

export function describeFeedback(records: readonly FeedbackRecord[]): string {
  if (records.length === 0) return "No feedback recorded yet.\n";
  const helpful = records.filter((record) => record.vote === "helpful").length;
  const lines = [
    `${records.length} votes: ${helpful} helpful, ${records.length - helpful} not helpful ` +
      `(${records[0]?.recordedAt} to ${records.at(-1)?.recordedAt}).`,
  ];
  const bySource = new Map<string, { helpful: number; notHelpful: number }>();
  for (const record of records) {
    for (const source of new Set(record.sources)) {
      const counts = bySource.get(source) ?? { helpful: 0, notHelpful: 0 };
      if (record.vote === "helpful") counts.helpful++;
      else counts.notHelpful++;
      bySource.set(source, counts);
    }
  }
  const ranked = [...bySource].sort(([, a], [, b]) => b.notHelpful - a.notHelpful || b.helpful - a.helpful);
  if (ranked.length > 0) lines.push("Cited sources (helpful / not helpful):");
  for (const [source, counts] of ranked) lines.push(`  ${source}: ${counts.helpful} / ${counts.notHelpful}`);
  return `${lines.join("\n")}\n`;
}
