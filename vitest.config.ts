import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Two projects, one suite: `npm test` runs both (CI, .ci/run); `npm test -- --project unit` runs the fast part.
 * - unit: tests that run inside the test process only.
 * - integration: tests that start docent's CLI or another process, a PostgreSQL server or a real model (llama.cpp,
 *   ONNX), or read the shared 18F handbook whole; and everything in test/system/ and test/cli/. A test file joins it
 *   by the helpers it calls or imports (the markers below), so that a new test lands in the right project without a
 *   list to keep.
 */
const integrationMarkers =
  /\b(runDocent|startDocent|spawnCollecting|runDocentInTerminal|createChatFixture)\(|from "[^"]*\/(postgres-server|tiny-gguf|tiny-bert)\.js"|node:child_process|handbook-18f/;
const integrationFolders = ["test/system/", "test/cli/"];

const root = fileURLToPath(new URL(".", import.meta.url));
const testFiles = readdirSync(path.join(root, "test"), { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".test.ts"))
  .map((file) => `test/${file.replaceAll("\\", "/")}`)
  .sort();
const integration = testFiles.filter(
  (file) =>
    integrationFolders.some((folder) => file.startsWith(folder)) ||
    integrationMarkers.test(readFileSync(path.join(root, file), "utf8")),
);
const unit = testFiles.filter((file) => !integration.includes(file));

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      { extends: true, test: { name: "unit", include: unit } },
      { extends: true, test: { name: "integration", include: integration } },
    ],
  },
});
