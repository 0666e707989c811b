import { rm } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { waitFor as waitForDiscord } from "../adapters/discord/fake-discord.js";
import { world } from "../adapters/discord/fake-discord-payloads.js";
import { startTestBot, type TestBot } from "../adapters/discord/start-test-bot.js";
import { sendCommand } from "../adapters/slack/signed-requests.js";
import { startSlackHarness, waitFor } from "../adapters/slack/slack-harness.js";
import { createChatFixture, createFixtureCore } from "./chat-fixture.js";

const folders: string[] = [];
let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  while (folders.length > 0) await rm(folders.pop() as string, { recursive: true, force: true });
});

/** The scopes a status reply names (the fixture has public, hr and engineering, one document each). */
const scopesNamed = (text: string) =>
  ["public", "hr", "engineering"].filter((scope) => new RegExp(`\\b${scope}\\b`).test(text));

describe("status shows only the scopes the asker's conversation may search (admins see all)", () => {
  it("Slack /docent status, with the real chat core", async () => {
    const fixture = await createChatFixture();
    folders.push(fixture.folder);
    try {
      const { fake, port } = await startSlackHarness({ core: createFixtureCore(fixture) });
      const status = async (user: string, channel: string) => {
        const id = `${user}-${channel}`;
        await sendCommand(port, {
          command: "/docent",
          text: "status",
          user_id: user,
          channel_id: channel,
          response_url: fake.responseUrl(id),
        });
        await waitFor(() => fake.callsOf("response_url").some((call) => String(call.args.url).endsWith(id)));
        const reply = fake.callsOf("response_url").find((call) => String(call.args.url).endsWith(id));
        return String(reply?.args.text);
      };
      const inPublic = await status("U0ALICE", "C0PUBLIC");
      expect(scopesNamed(inPublic)).toEqual(["public"]);
      expect(inPublic).toContain("Documents: 1");
      expect(scopesNamed(await status("U0ALICE", "CHR"))).toEqual(["public", "hr"]);
      const admin = await status("UADMIN", "C0PUBLIC");
      expect(scopesNamed(admin)).toEqual(["public", "hr", "engineering"]);
      expect(admin).toContain("Documents: 3");
      expect(admin).toContain("Embedder: local:");
    } finally {
      await fixture.service.close();
    }
  }, 90_000);

  it("Discord /status, with the real chat core", async () => {
    const fixture = await createChatFixture({
      DISCORD_TOKEN: "t",
      DISCORD_APPLICATION_ID: world.applicationId,
    });
    folders.push(fixture.folder);
    try {
      bot = await startTestBot(createFixtureCore(fixture));
      const running = bot;
      const status = async (author: typeof world.alice) => {
        const { token } = running.discord.command({ name: "status", author });
        const edit = await waitForDiscord(() =>
          running.discord.calls.find(
            (call) =>
              call.path.includes(token) &&
              call.method === "PATCH" &&
              String(call.body?.content).includes("docent status"),
          ),
        );
        return String(edit.body?.content);
      };
      expect(scopesNamed(await status(world.alice))).toEqual(["public"]);
      // Max has Manage Server: an admin (DISCORD_ADMINS_BY_MANAGE_SERVER defaults to true).
      expect(scopesNamed(await status(world.max))).toEqual(["public", "hr", "engineering"]);
    } finally {
      await fixture.service.close();
    }
  }, 90_000);
});
