import { afterEach } from "vitest";

const closers: Array<() => unknown> = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Runs `close` after the current test, passed or failed; what was opened last is closed first. */
export function closeAfterTest(close: () => unknown): void {
  closers.push(close);
}
