import { open, readFile, rename } from "node:fs/promises";
import path from "node:path";
import type { IngestSummary } from "./ingest-pipeline.js";

/**
 * last-run.json in the index directory records the latest ingest, including runs that found nothing to change
 * (which write no new generation), so that `status` can say when the documents were last checked.
 */
export interface LastRun extends IngestSummary {
  finishedAt: string;
}

export async function writeLastRun(indexDir: string, summary: IngestSummary): Promise<void> {
  const file = path.join(indexDir, "last-run.json");
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, "w");
  try {
    await handle.writeFile(JSON.stringify({ ...summary, finishedAt: new Date().toISOString() }, null, 2));
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

export async function readLastRun(indexDir: string): Promise<LastRun | null> {
  try {
    return JSON.parse(await readFile(path.join(indexDir, "last-run.json"), "utf8")) as LastRun;
  } catch {
    return null;
  }
}
