import { existsSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Small helpers shared by the ingest, scale and query-overhead benches: statistics, flags, machine facts. */

export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The 18F handbook pages in ../shared (relative to the repository root); exits with a message when absent. */
export function requireHandbook(): string {
  const pages = resolve(repositoryRoot, "../shared/data/handbook-18f/pages");
  if (!existsSync(pages)) {
    console.error(
      `The handbook corpus is missing: expected ${pages} (../shared/data/handbook-18f/pages relative to the repository). ` +
        "This bench needs it; a fresh clone without ../shared cannot run it.",
    );
    process.exit(2);
  }
  return pages;
}

/** The value of `--name N` or `--name=N`, else the fallback. */
export function numberFlag(name: string, fallback: number): number {
  const argv = process.argv.slice(2);
  for (const [position, argument] of argv.entries()) {
    if (argument === `--${name}`) return Number(argv[position + 1] ?? fallback);
    if (argument.startsWith(`--${name}=`)) return Number(argument.slice(name.length + 3));
  }
  return fallback;
}

export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

/** Nearest-rank percentile (share in [0, 1]) of unsorted values. */
export function percentile(values: readonly number[], share: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export async function timeAsync<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");
}

/** Cores, memory, Node version and load average, for the line printed next to every figure. */
export function describeMachine(): string {
  const gib = (totalmem() / 2 ** 30).toFixed(0);
  return `${cpus().length} cores (${cpus()[0]?.model.trim() ?? "unknown"}), ${gib} GiB, Node ${process.version}, load average ${loadAverage()}`;
}

export const mebibytes = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
export const seconds = (milliseconds: number): string => `${(milliseconds / 1000).toFixed(2)} s`;
