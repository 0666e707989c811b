import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { folderCrossings, folderOf } from "./folder-crossings.js";

/**
 * What one run of `docent ingest` passes through, the same walk as bench/mention-walk.ts for the other pipeline:
 * the built command (bin/docent.js, so `npm run build` first) ingests data/docs into a new index in a temporary
 * folder, in a process of its own with
 * - NODE_V8_COVERAGE: V8 writes each thread's coverage at exit (the main thread and the loading workers). A source
 *   file counts as passed through when one of its functions ran (its module body alone, run on import, does not
 *   count); dist/**.js is mapped back to its .ts file;
 * - a preload (--import, written below) that wraps node:fs and node:fs/promises (readdir, opendir, stat, lstat,
 *   realpath, access, open, readFile and their Sync and callback forms) and counts the calls on paths inside the
 *   documents folder, by function, in every thread it runs in (workers inherit the preload: the
 *   loading workers are handed bytes, so they make none).
 * Printed: files, folders, imports between touched files that cross folders, folder pairs importing each other,
 * then how many times the documents folder itself was listed (a walk starts there), how many listings of any of its
 * folders, and the other fs calls on it and under it.
 * Run: npm run build && npx tsx bench/ingest-walk.ts [--docs DIR] [--list (the touched files)]
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const docsArg = process.argv.indexOf("--docs");
const docs = realpathSync(
  path.resolve(docsArg === -1 ? path.join(root, "data/docs") : String(process.argv[docsArg + 1])),
);
const work = mkdtempSync(path.join(tmpdir(), "docent-ingest-walk-"));
const coverageDir = path.join(work, "coverage");
const callLog = path.join(work, "fs-calls.jsonl");
const preload = path.join(work, "count-fs-calls.mjs");
mkdirSync(coverageDir);
writeFileSync(preload, preloadSource());

const run = spawnSync(
  process.execPath,
  [
    "--import",
    pathToFileURL(preload).href,
    path.join(root, "bin/docent.js"),
    "ingest",
    "--docs",
    docs,
    "--index",
    path.join(work, "index"),
    "--json",
  ],
  {
    cwd: work,
    encoding: "utf8",
    env: {
      ...process.env,
      NODE_V8_COVERAGE: coverageDir,
      DOCENT_WALK_DOCS: docs,
      DOCENT_WALK_LOG: callLog,
      DOCENT_STATE_DIR: path.join(work, "state"),
      DOCENT_LOG_FILE: "stderr",
      LOG_LEVEL: "silent",
    },
  },
);
if (run.status !== 0) throw new Error(`ingest failed (${run.status}): ${run.stderr}`);
const summary = JSON.parse(run.stdout.trim().split("\n").at(-1) as string) as {
  chunks: number;
  added: number;
};

const touched = touchedFiles();
const { crossings, pairs, mutual } = folderCrossings(root, touched);
const folders = [...new Set(touched.map(folderOf))].sort();
console.log(
  `ingest of ${path.relative(root, docs) || docs}: ${summary.added} documents added, ${summary.chunks} chunks`,
);
console.log(`files touched: ${touched.length}`);
console.log(`folders touched: ${folders.length} (${folders.join(", ")})`);
console.log(
  `imports crossing folders between touched files: ${crossings.length} (${pairs.size} folder pairs)`,
);
console.log(
  `folder pairs importing each other: ${mutual.length / 2}${mutual.length ? ` (${mutual.join("; ")})` : ""}`,
);
printFsCalls();
if (process.argv.includes("--list")) console.log(touched.join("\n"));

/** Source files (src/, ingest/) with a function that ran, from every thread's coverage file. */
function touchedFiles(): string[] {
  const files = new Set<string>();
  for (const name of readdirSync(coverageDir)) {
    const report = JSON.parse(readFileSync(path.join(coverageDir, name), "utf8")) as {
      result: Array<{
        url: string;
        functions: Array<{ ranges: Array<{ startOffset: number; count: number }> }>;
      }>;
    };
    for (const script of report.result) {
      const match = /^file:\/\/.*?\/dist\/((?:src|ingest)\/.*)\.js$/.exec(script.url);
      if (!match?.[1] || !script.url.startsWith(pathToFileURL(root).href)) continue;
      // The module body is the function starting at offset 0; it runs on import.
      const ran = script.functions.some(
        (fn) => fn.ranges[0]?.startOffset !== 0 && (fn.ranges[0]?.count ?? 0) > 0,
      );
      if (ran) files.add(`${match[1]}.ts`);
    }
  }
  return [...files].sort();
}

function printFsCalls(): void {
  const calls = readFileSync(callLog, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { threadId: number; fn: string; path: string });
  const onRoot = calls.filter((call) => call.path === docs);
  const listings = (list: typeof calls) => list.filter((call) => /(^|\.)(readdir|opendir)/.test(call.fn));
  const byFunction = (list: typeof calls) => {
    const counts = new Map<string, number>();
    for (const call of list) counts.set(call.fn, (counts.get(call.fn) ?? 0) + 1);
    return (
      [...counts]
        .sort()
        .map(([fn, count]) => `${fn} ${count}`)
        .join(", ") || "none"
    );
  };
  console.log(`threads making them: ${new Set(calls.map((call) => call.threadId)).size}`);
  console.log(`walks of the documents folder (listings of the folder itself): ${listings(onRoot).length}`);
  console.log(`listings of any folder in it: ${listings(calls).length}`);
  console.log(`calls on the documents folder itself: ${onRoot.length} (${byFunction(onRoot)})`);
  const inside = calls.filter((call) => call.path !== docs);
  console.log(`calls on paths inside it: ${inside.length} (${byFunction(inside)})`);
}

/** The preload: wraps fs and fs/promises in the process and in each worker it is loaded into. */
function preloadSource(): string {
  return `import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { threadId } from "node:worker_threads";
const docs = process.env.DOCENT_WALK_DOCS;
const log = process.env.DOCENT_WALK_LOG;
// One line per call, written at once: a worker that is terminated never sees an exit event.
const appendLine = fs.appendFileSync;
const record = (fn, file) => appendLine(log, JSON.stringify({ threadId, fn, path: file }) + "\\n");
const asPath = (value) => {
  if (typeof value === "string") return path.resolve(value);
  if (Buffer.isBuffer(value)) return path.resolve(value.toString("utf8"));
  if (value instanceof URL) return fileURLToPath(value);
  return null;
};
const wrap = (target, name, label) => {
  const original = target[name];
  if (typeof original !== "function") return;
  target[name] = Object.assign(function (...args) {
    const file = asPath(args[0]);
    if (file !== null && (file === docs || file.startsWith(docs + path.sep))) record(label, file);
    return original.apply(this, args);
  }, original);
};
const names = ["readdir", "opendir", "stat", "lstat", "realpath", "access", "open", "readFile"];
for (const name of names) {
  wrap(fs.promises, name, "promises." + name);
  wrap(fs, name, name);
  wrap(fs, name + "Sync", name + "Sync");
}
wrap(fs, "existsSync", "existsSync");
syncBuiltinESMExports();
`;
}
