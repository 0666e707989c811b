import { closeSync, mkdirSync, openSync, renameSync, statSync, writeSync } from "node:fs";
import path from "node:path";

/** A log file is started afresh (the old one kept as FILE.1) once it has grown past this. */
const rotateAtBytes = 10 * 1024 * 1024;

/** Log lines appended to a file, counting the warnings and errors among them. */
export interface LogFileDestination {
  readonly file: string;
  write(line: string): void;
  /** Warnings and errors written so far. */
  problems(): number;
  close(): void;
}

/**
 * Opens (creating its folder) the file logs go to when docent runs in a terminal. Returns null when it cannot be
 * written, so that the caller can fall back to standard error.
 */
export function openLogFile(file: string): LogFileDestination | null {
  let descriptor: number;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    if (sizeOf(file) > rotateAtBytes) renameSync(file, `${file}.1`);
    descriptor = openSync(file, "a");
  } catch {
    return null;
  }
  let problems = 0;
  let open = true;
  return {
    file,
    write(line) {
      if (!open) return;
      if (/^\{"level":"(warn|error|fatal)"/.test(line)) problems++;
      try {
        writeSync(descriptor, line);
      } catch {
        // A full disk must not stop the command; the lines are lost.
      }
    },
    problems: () => problems,
    close() {
      if (!open) return;
      open = false;
      closeSync(descriptor);
    },
  };
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
