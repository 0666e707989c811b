import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatReply, Conversation } from "../../src/chat-core/chat-core.js";
import { chatPlatforms } from "../../src/cli/chat-platforms.js";
import { runDoctorChecks } from "../../src/cli/doctor-checks.js";
import { describeScopesWithoutAccess, scopesWithoutAccess } from "../../src/cli/scope-access.js";
import { type Serving, serveChatPlatforms } from "../../src/cli/serve-chat-platforms.js";
import { type Config, loadConfig } from "../../src/config/config.js";
import { isDocentError } from "../../src/errors.js";
import { silentLogger } from "../../src/logging/logger.js";
import type { ChatPlatform } from "../../src/platforms/chat-platform.js";
import { readFeedback } from "../../src/shared-state/feedback-file.js";
import { type ChatFixture, createChatFixture } from "../chat-core/chat-fixture.js";
import { createRecordingLogger } from "../embeddings/recording-logger.js";
import { createThrowawayPlatform } from "./throwaway-platform.js";

/**
 * Adding a chat platform is its folder plus one line in the list: a throwaway "Teams" written only in this test
 * folder (throwaway-platform.ts) is added to the listed platforms and handed to the composition root, with no edit
 * anywhere else. It reads its own variables, starts, shows in /readyz and in the status, gets its conversations'
 * scopes and its admins from its own section of the access file, is tried by `docent doctor`, counts in the scope
 * trap, records votes under its id, and stops.
 */
const { platform: teams, probe } = createThrowawayPlatform();
const platforms = [...chatPlatforms, teams];
const accessYaml = `
slack:
  channels:
    CHR: [public, hr]
teams:
  channels:
    "people/hr-private": [public, hr]
  teams:
    engineering: [engineering]
  admins: [teams-admin]
`;

let fixture: ChatFixture;
let config: Readonly<Config>;
let serving: Serving | undefined;
const logger = createRecordingLogger();

function configWith(environment: Record<string, string>): Readonly<Config> {
  return loadConfig({
    environment: {
      DOCENT_DOCS_DIR: fixture.docsDir,
      DOCENT_INDEX_DIR: fixture.indexDir,
      DOCENT_ACCESS_FILE: path.join(fixture.folder, "teams-access.yaml"),
      DOCENT_STATE_DIR: path.join(fixture.folder, "state"),
      DOCENT_USER_QUESTIONS_PER_MINUTE: "0",
      DOCENT_OPS_PORT: "0",
      DOCENT_OPS_HOST: "127.0.0.1",
      ...environment,
    },
    envFile: null,
    platforms,
  });
}

beforeAll(async () => {
  fixture = await createChatFixture();
  await writeFile(path.join(fixture.folder, "teams-access.yaml"), accessYaml);
  config = configWith({ TEAMS_APP_ID: "app-1", TEAMS_APP_PASSWORD: "secret" });
  serving = await serveChatPlatforms({ config, service: fixture.service, logger, platforms });
}, 120_000);

afterAll(async () => {
  await serving?.stop();
  await fixture?.service.close();
  if (fixture !== undefined) await rm(fixture.folder, { recursive: true, force: true });
});

const citedScopes = (reply: ChatReply) =>
  reply.kind === "answer"
    ? [...new Set(reply.answer.citations.map((citation) => citation.scope))].sort()
    : [];

describe("a platform added by its folder and one line in the list", () => {
  it("reads its own variables, refusing a half-configured one by name", () => {
    expect(config.platforms).toEqual({ teams: { appId: "app-1", password: "secret" } });
    const attempt = () => configWith({ TEAMS_APP_ID: "app-1" });
    expect(attempt).toThrow(/Set TEAMS_APP_PASSWORD along with TEAMS_APP_ID/);
    expect(configWith({}).platforms).toEqual({});
  });

  it("starts through the composition root, alone of the listed platforms (Slack and Discord have no tokens)", async () => {
    expect(probe.started).toEqual([{ appId: "app-1", password: "secret" }]);
    const running = logger.entries.find((entry) => entry.message === "docent is running");
    expect(running?.fields).toMatchObject({ slack: false, discord: false, teams: true, teamsApp: "app-1" });
    const readyz = await fetch(`http://127.0.0.1:${serving?.opsPort}/readyz`);
    const report = (await readyz.json()) as { checks: Record<string, { ok: boolean }> };
    expect(report.checks.teams).toEqual({ ok: true });
    expect(Object.keys(report.checks)).not.toContain("slack");
  });

  it("is reported in the status, which shows a Teams conversation only its scopes, and an admin every scope", async () => {
    const core = probe.core;
    if (core === null) throw new Error("Teams did not start");
    const conversation = (channelId: string, userId = "u1"): Conversation => ({
      platform: "teams",
      channelId,
      isDirectMessage: false,
      userId,
    });
    const member = await core.status({ conversation: conversation("people/general") });
    expect(member.platforms).toEqual(["teams"]);
    expect(Object.keys(member.scopes)).toEqual(["public"]);
    const admin = await core.status({ conversation: conversation("people/general", "teams-admin") });
    expect(Object.keys(admin.scopes).sort()).toEqual(["engineering", "hr", "public"]);
  });

  it("gets its conversations' scopes from its own section of the access file", async () => {
    const core = probe.core;
    if (core === null) throw new Error("Teams did not start");
    const scopes = (channelId: string) =>
      core.scopesFor({ platform: "teams", channelId, isDirectMessage: false, userId: "u1" });
    expect(scopes("people/hr-private")).toEqual(["public", "hr"]);
    expect(scopes("people/general")).toEqual(["public"]);
    expect(scopes("engineering/deploys")).toEqual(["public", "engineering"]);
    const inHr = await probe.deliver("people/hr-private", "u1", "When is the salary band review?");
    expect(inHr.kind === "answer" && inHr.answer.citations[0]?.source).toBe("hr/salary-bands.md");
    const elsewhere = await probe.deliver("people/general", "u1", "When is the salary band review?");
    expect(citedScopes(elsewhere).filter((scope) => scope !== "public")).toEqual([]);
  });

  it("records votes under its id, is tried by docent doctor, and counts in the scope trap", async () => {
    const core = probe.core;
    if (core === null) throw new Error("Teams did not start");
    await core.recordFeedback({
      platform: "teams",
      questionId: "q1",
      answerId: "a1",
      userId: "u1",
      vote: "helpful",
      sources: ["hr/salary-bands.md"],
    });
    const { records } = await readFeedback(config.chat.stateDir);
    expect(records.map((record) => record.platform)).toEqual(["teams"]);
    const checks = await runDoctorChecks(config, silentLogger, platforms);
    expect(checks.filter((check) => check.name === "Teams")).toEqual([
      { name: "Teams", ok: true, detail: "TEAMS_APP_ID app-1 (a throwaway platform: nothing to try)" },
    ]);
    expect(checks.find((check) => check.name === "Slack")?.ok).toBeNull();
    const accessFile = config.chat.accessFile;
    expect(scopesWithoutAccess(accessFile, ["public", "hr", "engineering", "legal"], platforms)).toEqual([
      "legal",
    ]);
    expect(describeScopesWithoutAccess(["legal"], { legal: 2 }, accessFile, platforms)).toMatch(
      /^Slack, Discord and Teams cannot search the scope legal \(2 documents\)/,
    );
  });

  it("refuses a misspelt key in its section, naming it, and a section when it is not listed", async () => {
    const misspelt = path.join(fixture.folder, "misspelt.yaml");
    await writeFile(misspelt, "teams:\n  chanels: {}\n");
    const failure = (platformList: readonly ChatPlatform[]) => {
      try {
        scopesWithoutAccess(misspelt, [], platformList);
      } catch (error) {
        if (isDocentError(error, "CONFIG_INVALID")) return error.message;
        throw error;
      }
      return "no error";
    };
    expect(failure(platforms)).toContain("Fix teams.chanels: Unrecognized key");
    expect(failure(chatPlatforms)).toContain('Fix teams: Unrecognized key: "teams"');
  });

  it("stops with the rest", async () => {
    await serving?.stop();
    serving = undefined;
    expect(probe.stopped).toBe(1);
    expect(probe.connected).toBe(false);
  });
});
