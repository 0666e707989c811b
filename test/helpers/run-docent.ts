import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const entry = path.join(projectRoot, "test/helpers/docent-entry.ts");
export const typescriptLoader = pathToFileURL(
  path.join(projectRoot, "node_modules/tsx/dist/loader.mjs"),
).href;

export interface DocentRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface DocentOptions {
  env?: Record<string, string>;
  cwd?: string;
  input?: string;
}

/**
 * Starts the docent CLI in a child process with a clean environment (no .env from the project is read). The ops
 * listener takes any free port (DOCENT_OPS_PORT=0) unless the test sets one, so tests running at once never collide
 * on the default 9464.
 */
export function startDocent(
  args: string[],
  options: DocentOptions = {},
): { child: ChildProcess; done: Promise<DocentRun> } {
  const started = spawnCollecting(process.execPath, ["--import", typescriptLoader, entry, ...args], {
    cwd: options.cwd ?? projectRoot,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      LOG_LEVEL: "warn",
      DOCENT_OPS_PORT: "0",
      ...options.env,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  started.child.stdin?.end(options.input ?? "");
  return started;
}

/** Spawns a program and collects its output; `stderr()` reads what it has written so far. */
export function spawnCollecting(program: string, args: string[], options: SpawnOptions) {
  const child = spawn(program, args, options);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (data: Buffer) => {
    stdout += data.toString();
  });
  child.stderr?.on("data", (data: Buffer) => {
    stderr += data.toString();
  });
  const done = new Promise<DocentRun>((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done, stderr: () => stderr };
}

export function runDocent(args: string[], options: DocentOptions = {}): Promise<DocentRun> {
  return startDocent(args, options).done;
}
