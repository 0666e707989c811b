import { execFileSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type DocentRun, projectRoot, spawnCollecting } from "../helpers/run-docent.js";

/** util-linux `script` gives the CLI a real terminal (a pseudo-terminal), as a person at a keyboard has. */
export const haveScript = (() => {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

export const terminalSkipReason = haveScript ? "" : " (skipped: util-linux `script` is not installed)";

const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

/**
 * Runs the docent CLI (from its sources) inside a pseudo-terminal: standard input, output and error are all the
 * terminal, and `stdout` is everything the person would see. `input` is typed in, line by line.
 */
export function runDocentInTerminal(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; input?: string } = {},
): Promise<DocentRun> {
  const loader = pathToFileURL(path.join(projectRoot, "node_modules/tsx/dist/loader.mjs")).href;
  const entry = path.join(projectRoot, "test/helpers/docent-entry.ts");
  const command = [process.execPath, "--import", loader, entry, ...args].map(quote).join(" ");
  const run = spawnCollecting("script", ["-qec", command, "/dev/null"], {
    cwd: options.cwd ?? projectRoot,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      TERM: "dumb",
      DOCENT_OPS_PORT: "0",
      ...options.env,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  run.child.stdin?.end(options.input ?? "");
  return run.done;
}
