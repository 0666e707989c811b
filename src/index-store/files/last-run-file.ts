import { open, rename } from "node:fs/promises";
import { readIndexFile } from "../../retrieval/index-file.js";
import type { LastRun } from "../index-store.js";

/** Writes the record of the latest ingest run (last-run.json) whole: a temporary file, then one rename. */
export async function writeLastRun(file: string, run: LastRun): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, "w");
  try {
    await handle.writeFile(JSON.stringify(run, null, 2));
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

/** The record of the latest ingest run, or null when there is none or it cannot be read. */
export async function readLastRun(file: string): Promise<LastRun | null> {
  try {
    const naming = { what: `The record of the last run ${file}`, fix: "" };
    const text = (await readIndexFile(file, naming, { maxBytes: 64 * 1024 * 1024 })).toString("utf8");
    return JSON.parse(text) as LastRun;
  } catch {
    return null;
  }
}
