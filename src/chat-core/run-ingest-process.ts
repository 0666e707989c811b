import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { ErrorCode } from "../errors.js";
import type { ReindexProgress, ReindexResult } from "./chat-core.js";
import { failureLineKey, type IngestFailureKind, progressLineKey } from "./ingest-child-protocol.js";

/**
 * Runs `docent ingest --json --progress-json` in a child process, so that a crash or a huge file cannot take the
 * bot down: progress comes back as JSON lines on the child's standard error, the summary as JSON on its standard
 * output, and the exit status says how it went (0 done, 2 some files failed, 3 locked, else failed).
 */
export interface IngestProcessOptions {
  /** Program and arguments that run the docent CLI; "ingest" and its flags are appended. */
  command: readonly string[];
  /** The folder to index; null leaves it to the child: the folder the index was built from (or the default). */
  docsDir: string | null;
  indexDir: string;
  env: NodeJS.ProcessEnv;
  onProgress?: (progress: ReindexProgress) => void;
  /** Lines of standard error that are not progress (kept for the log, the last 20). */
  onOutput?: (lines: string[]) => void;
  /** Aborting asks the child to stop (SIGTERM: the ingest cancels, the current generation stays as it was). */
  signal?: AbortSignal;
}

export interface IngestProcessResult {
  exitCode: number;
  summary: ReindexResult["summary"];
  failure?: { code: ErrorCode; kind: IngestFailureKind; message: string };
}

export function runIngestProcess(options: IngestProcessOptions): Promise<IngestProcessResult> {
  const [program, ...programArgs] = options.command;
  if (program === undefined) throw new Error("The ingest command is empty");
  const args = [...programArgs, "ingest", "--json", "--progress-json"];
  if (options.docsDir !== null) args.push("--docs", options.docsDir);
  args.push("--index", options.indexDir);
  const child = spawn(program, args, { env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  const stop = () => child.kill("SIGTERM");
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener("abort", stop, { once: true });
  let stdout = "";
  let failure: IngestProcessResult["failure"];
  const otherLines: string[] = [];
  child.stdout.on("data", (data: Buffer) => {
    stdout += data.toString();
  });
  createInterface({ input: child.stderr }).on("line", (line) => {
    const message = parseLine(line);
    const progress = message?.[progressLineKey] as ReindexProgress | undefined;
    const failed = message?.[failureLineKey] as IngestProcessResult["failure"];
    if (progress !== undefined) {
      try {
        options.onProgress?.(progress);
      } catch {
        // A listener's failure must not stop the ingest.
      }
    } else if (failed !== undefined) {
      failure = { ...failed, kind: failed.kind ?? "other" };
    } else {
      otherLines.push(line);
      if (otherLines.length > 20) otherLines.shift();
    }
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      options.signal?.removeEventListener("abort", stop);
      options.onOutput?.(otherLines);
      const exitCode = code ?? 1;
      const summary = exitCode === 0 || exitCode === 2 ? parseSummary(stdout) : null;
      resolve({ exitCode, summary, ...(failure === undefined ? {} : { failure }) });
    });
  });
}

/** The installed `docent` command: bin/docent.js of this package, run by this Node.js. */
export function defaultIngestCommand(): string[] {
  const candidates = ["../../bin/docent.js", "../../../bin/docent.js"].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  const entry = candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
  return [process.execPath, entry as string];
}

function parseLine(line: string): Record<string, unknown> | null {
  if (!line.startsWith("{")) return null;
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function parseSummary(stdout: string): ReindexResult["summary"] {
  const last = stdout.trim().split("\n").at(-1) ?? "";
  const parsed = parseLine(last);
  if (parsed === null || typeof parsed.added !== "number" || !Array.isArray(parsed.failed)) return null;
  return parsed as unknown as NonNullable<ReindexResult["summary"]>;
}
