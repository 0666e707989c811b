import { readFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createAnswerService } from "../../../src/answer/answer-service.js";
import { createChatCore } from "../../../src/chat-core/create-chat-core.js";
import { chatPlatforms } from "../../../src/cli/chat-platforms.js";
import { loadConfig } from "../../../src/config/config.js";
import { silentLogger } from "../../../src/logging/logger.js";
import { createChatFixture, createFixtureCore } from "../../chat-core/chat-fixture.js";
import { projectRoot, runDocent } from "../../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../../helpers/temp-folder.js";
import { botUserId } from "./fake-slack-api.js";
import { nextMessageTs, sendCommand, sendEvent } from "./signed-requests.js";
import { startSlackHarness, waitFor } from "./slack-harness.js";

const folders: string[] = [];
afterEach(async () => {
  while (folders.length > 0) await rm(folders.pop() as string, { recursive: true, force: true });
});

const sampleQuestions = (
  JSON.parse(readFileSync(path.join(projectRoot, "test/fixtures/sample-questions.json"), "utf8")) as {
    questions: Array<{ question: string; scope: string | null }>;
  }
).questions;

const mention = (channel: string, text: string) => ({
  type: "app_mention",
  user: "U0ALICE",
  text: `<@${botUserId}> ${text}`,
  ts: nextMessageTs(),
  channel,
});
const finishedAnswers = (calls: Array<{ method: string; args: Record<string, unknown> }>) =>
  calls.filter((call) => call.method === "assistant.threads.setStatus" && call.args.status === "").length;

describe("Slack with the real chat core", () => {
  it("never shows an hr source in a channel mapped to public, across every sample question (data/docs)", async () => {
    const folder = await makeTempFolder("docent-slack-scopes-");
    const indexDir = path.join(folder, "index");
    const ingest = await runDocent([
      "ingest",
      "--json",
      "--docs",
      path.join(projectRoot, "data/docs"),
      "--index",
      indexDir,
    ]);
    expect(ingest.code).toBe(0);
    await writeFiles(folder, {
      "access.yaml": "slack:\n  channels:\n    C0PUBLIC: [public]\n    C0HR: [public, hr]\n",
    });
    const config = loadConfig({
      environment: {
        DOCENT_DOCS_DIR: path.join(projectRoot, "data/docs"),
        DOCENT_INDEX_DIR: indexDir,
        DOCENT_ACCESS_FILE: path.join(folder, "access.yaml"),
        DOCENT_STATE_DIR: path.join(folder, "state"),
        DOCENT_USER_QUESTIONS_PER_MINUTE: "0",
        LOG_LEVEL: "silent",
      },
      envFile: null,
    });
    const service = await createAnswerService(config, silentLogger);
    try {
      const core = createChatCore({ platforms: chatPlatforms, config, service, logger: silentLogger });
      const { fake, port } = await startSlackHarness({ core });
      for (const sample of sampleQuestions) await sendEvent(port, mention("C0PUBLIC", sample.question));
      await waitFor(() => finishedAnswers(fake.calls) === sampleQuestions.length, 60_000);
      const publicCalls = JSON.stringify(fake.calls);
      expect(publicCalls).toContain("public/");
      expect(publicCalls).not.toContain("hr/");
      // The same kind of question in the channel mapped to hr does get hr sources.
      const hrQuestion = sampleQuestions.find((sample) => sample.scope === "hr")?.question ?? "";
      await sendEvent(port, mention("C0HR", hrQuestion));
      await waitFor(() => finishedAnswers(fake.calls) === sampleQuestions.length + 1, 30_000);
      expect(JSON.stringify(fake.calls)).toContain("hr/");
    } finally {
      await service.close();
    }
  }, 120_000);

  it("answers a thread follow-up from the passages its conversation needs (data/docs)", async () => {
    const folder = await makeTempFolder("docent-slack-follow-up-");
    const indexDir = path.join(folder, "index");
    const docsDir = path.join(projectRoot, "data/docs");
    expect((await runDocent(["ingest", "--json", "--docs", docsDir, "--index", indexDir])).code).toBe(0);
    await writeFiles(folder, { "access.yaml": "slack:\n  channels:\n    C0HR: [public, hr]\n" });
    const config = loadConfig({
      environment: {
        DOCENT_DOCS_DIR: docsDir,
        DOCENT_INDEX_DIR: indexDir,
        DOCENT_ACCESS_FILE: path.join(folder, "access.yaml"),
        DOCENT_STATE_DIR: path.join(folder, "state"),
        LOG_LEVEL: "silent",
      },
      envFile: null,
    });
    const service = await createAnswerService(config, silentLogger);
    try {
      const core = createChatCore({ platforms: chatPlatforms, config, service, logger: silentLogger });
      const { fake, port } = await startSlackHarness({ core });
      const first = mention("C0HR", "How much does dental insurance cover in Portugal?");
      await sendEvent(port, first);
      await waitFor(() => finishedAnswers(fake.calls) === 1, 30_000);
      const answered = JSON.stringify(fake.calls);
      const followUp = {
        type: "message",
        channel: "C0HR",
        channel_type: "channel",
        user: "U0ALICE",
        text: "what about Canada?",
        ts: nextMessageTs(),
        thread_ts: first.ts,
      };
      fake.thread("C0HR", first.ts).unshift({ ts: first.ts, text: first.text, user: "U0ALICE" });
      fake.addThreadMessage("C0HR", first.ts, { ts: followUp.ts, text: followUp.text, user: "U0ALICE" });
      await sendEvent(port, followUp);
      await waitFor(() => finishedAnswers(fake.calls) === 2, 30_000);
      const followUpCalls = JSON.stringify(fake.calls).slice(answered.length);
      expect(followUpCalls).toContain("CA$2,000");
      expect(followUpCalls).toContain("hr/benefits-summary-2026.pdf");
    } finally {
      await service.close();
    }
  }, 120_000);

  it("re-indexes for an admin (refuses others), then answers from the new generation", async () => {
    const fixture = await createChatFixture();
    folders.push(fixture.folder);
    try {
      const { fake, port } = await startSlackHarness({ core: createFixtureCore(fixture) });
      await writeFile(
        path.join(fixture.docsDir, "public/founders-day.md"),
        "# Founders Day\n\nThe office closes for Founders Day on the second Friday of October every year.\n",
      );
      const base = { command: "/docent", text: "reindex", channel_id: "C0PUBLIC" };
      const refused = await sendCommand(port, {
        ...base,
        user_id: "U0ALICE",
        response_url: fake.responseUrl("no"),
      });
      expect(refused.status).toBe(200);
      await waitFor(() =>
        fake.callsOf("response_url").some((call) => String(call.args.text).includes("only administrators")),
      );
      const accepted = await sendCommand(port, {
        ...base,
        user_id: "UADMIN",
        response_url: fake.responseUrl("yes"),
      });
      expect(accepted.status).toBe(200);
      await waitFor(
        () => fake.callsOf("response_url").some((call) => String(call.args.text).startsWith("Re-index done")),
        60_000,
      );
      await sendEvent(port, mention("C0PUBLIC", "When does the office close for Founders Day?"));
      await waitFor(() => finishedAnswers(fake.calls) === 1, 30_000);
      const answer = JSON.stringify(fake.callsOf("chat.postMessage"));
      expect(answer).toContain("public/founders-day.md");
    } finally {
      await fixture.service.close();
    }
  }, 120_000);
});
