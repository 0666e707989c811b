import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSlack } from "../adapters/slack/fake-slack-api.js";
import { signingSecret } from "../adapters/slack/signed-requests.js";
import { waitFor } from "../adapters/slack/slack-harness.js";
import { findClosedPort } from "../embeddings/fake-embedding-server.js";
import { type FakeChatServer, startFakeChatServer } from "../engines/fake-chat-server.js";
import { runDocent, startDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

/**
 * What `docent status` says about the engine is what is true: a running Ollama without the model is not "answering",
 * and a question then fails as a missing model (the log and the reply say so), not as an unreachable engine.
 * Through the real CLI against a loopback Ollama.
 */
let ollama: FakeChatServer;
beforeAll(async () => {
  ollama = await startFakeChatServer();
});
afterAll(() => ollama.close());

async function indexed(): Promise<Record<string, string>> {
  const folder = await makeTempFolder("docent-status-engine-");
  await writeFiles(path.join(folder, "docs"), {
    "public/office.md": "# Office hours\n\nThe office opens at nine and closes at five.\n",
  });
  const env = { DOCENT_DOCS_DIR: path.join(folder, "docs"), DOCENT_INDEX_DIR: path.join(folder, "index") };
  expect((await runDocent(["ingest", "--json"], { env })).code).toBe(0);
  return env;
}

describe("the engine in `docent status` and in answers", () => {
  it("Ollama runs but llama2 is not pulled: status says NOT ready, names the URL and `ollama pull llama2`", async () => {
    ollama.setModels(["mistral:latest"]);
    const env = { ...(await indexed()), LLM_PROVIDER: "ollama", LLM_BASE_URL: ollama.url };
    const status = await runDocent(["status"], { env });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(
      `Engine:      ollama:llama2: NOT ready: the Ollama server at ${ollama.url} does not have the model llama2 ` +
        "(it has mistral:latest)\n             To fix: run `ollama pull llama2` where that server runs",
    );

    const ask = await runDocent(["ask", "--json", "When does the office open?"], { env });
    expect(ask.code).toBe(0);
    const answer = JSON.parse(ask.stdout);
    expect(answer).toMatchObject({ outcome: "engine-failed", failure: "ENGINE_MODEL_MISSING" });
    // The log (JSON lines on standard error outside a terminal) says why, with the fix.
    expect(ask.stderr).toContain(
      `the Ollama server at ${ollama.url} does not have the model llama2 (HTTP 404)`,
    );
    expect(ask.stderr).not.toContain("could not answer");

    const text = await runDocent(["ask", "When does the office open?"], { env });
    expect(text.stdout).toContain("The language model I'm set up to use is not installed on its server.");
    expect(text.stdout).not.toContain("not reachable");

    ollama.setModels(["llama2:latest"]);
    const ready = await runDocent(["status"], { env });
    expect(ready.stdout).toContain(
      `Engine:      ollama:llama2: ready: the Ollama server at ${ollama.url} has the model llama2\n`,
    );
  }, 90_000);

  it("an OpenAI-compatible server that is not there: the URL and the reason, never `TypeError`", async () => {
    const url = `http://127.0.0.1:${await findClosedPort()}/v1`;
    const env = {
      ...(await indexed()),
      LLM_PROVIDER: "openai-compatible",
      LLM_BASE_URL: url,
      LLM_MODEL: "llama2",
    };
    const status = await runDocent(["status"], { env });
    expect(status.stdout).toContain(
      `Engine:      openai-compatible:llama2: NOT ready: nothing answers at ${url}: connection refused ` +
        "(ECONNREFUSED)\n             To fix: start the server or point LLM_BASE_URL at it",
    );
    expect(status.stdout).not.toContain("TypeError");
  }, 90_000);

  it("`docent start` says at once in its log that the model is missing, with the fix, and serves anyway", async () => {
    ollama.setModels([]);
    const slack = await startFakeSlack();
    try {
      const { child, done } = startDocent(["start"], {
        env: {
          ...(await indexed()),
          LLM_PROVIDER: "ollama",
          LLM_BASE_URL: ollama.url,
          SLACK_BOT_TOKEN: "xoxb-engine-start",
          SLACK_SIGNING_SECRET: signingSecret,
          SLACK_API_URL: slack.apiUrl,
          PORT: "0",
          LOG_LEVEL: "info",
        },
      });
      let stderr = "";
      child.stderr?.on("data", (data: Buffer) => {
        stderr += data.toString();
      });
      await waitFor(() => stderr.includes("language model not ready") || child.exitCode !== null, 60_000);
      const line = JSON.parse(
        stderr.split("\n").find((entry) => entry.includes("language model not ready")) ?? "{}",
      );
      expect(line).toMatchObject({
        level: "warn",
        engine: "ollama:llama2",
        detail: `the Ollama server at ${ollama.url} does not have the model llama2 (it has none)`,
        fix: expect.stringContaining("run `ollama pull llama2`"),
      });
      await waitFor(() => stderr.includes('"docent is running"') || child.exitCode !== null, 60_000);
      expect(stderr).toContain('"docent is running"');
      child.kill("SIGTERM");
      expect((await done).code).toBe(0);
    } finally {
      await slack.stop();
    }
  }, 90_000);
});
