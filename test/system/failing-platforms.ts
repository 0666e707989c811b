import type { FakeDiscord } from "../adapters/discord/fake-discord.js";
import { waitFor } from "../adapters/discord/fake-discord.js";
import { world } from "../adapters/discord/fake-discord-payloads.js";
import type { FakeSlack } from "../adapters/slack/fake-slack-api.js";
import { sendCommand, sendEvent } from "../adapters/slack/signed-requests.js";

/**
 * Both platforms refusing everything the bot posts, the way they do in production: Slack answers ok:false
 * (channel_not_found) to chat.startStream, chat.postMessage and chat.update and 404 to an expired response_url;
 * Discord answers 403 to messages and threads (a DM to a user who closed their DMs, a channel the bot may no
 * longer write in) and 404 to the edit of an /ask reply whose interaction is gone.
 */
export function failEveryReply(slack: FakeSlack, discord: FakeDiscord): void {
  for (const method of ["chat.startStream", "chat.postMessage", "chat.update", "chat.postEphemeral"]) {
    slack.failNext({ method, times: 50, body: { ok: false, error: "channel_not_found" } });
  }
  slack.failNext({
    method: "response_url",
    times: 50,
    status: 404,
    body: { ok: false, error: "expired_url" },
  });
  const forbidden = { message: "Cannot send messages to this user", code: 50007 };
  discord.failNext({
    method: "POST",
    path: /^\/channels\/\d+\/messages$/,
    status: 403,
    body: forbidden,
    times: 50,
  });
  discord.failNext({
    method: "POST",
    path: /^\/channels\/\d+\/messages\/\d+\/threads$/,
    status: 403,
    body: { message: "Missing Permissions", code: 50013 },
    times: 50,
  });
  discord.failNext({
    method: "PATCH",
    path: /\/messages\/@original$/,
    status: 404,
    body: { message: "Unknown Webhook", code: 10015 },
    times: 50,
  });
}

export interface FailingQuestions {
  slack: FakeSlack;
  slackPort: number;
  signingSecret: string;
  discord: FakeDiscord;
  /** Asked as a Slack mention and with the slash command. */
  slackQuestion: string;
  /** Asked in a Discord DM, as a mention (in a thread when DISCORD_REPLY_IN_THREAD=true) and with /ask. */
  discordQuestion: string;
}

/** Asks on every path and waits until each reply has been attempted and refused. */
export async function askThroughFailingPaths(questions: FailingQuestions): Promise<void> {
  const { slack, discord } = questions;
  const ts = `${Math.floor(Date.now() / 1000)}.000200`;
  const mention = {
    type: "app_mention",
    channel: "C0PUBLIC",
    user: "U0ASKER",
    text: `<@UBOT> ${questions.slackQuestion}`,
    ts,
  };
  expect200(await sendEvent(questions.slackPort, mention, { secret: questions.signingSecret }));
  const command = {
    command: "/docent",
    text: `ask ${questions.slackQuestion}`,
    user_id: "U0ASKER",
    channel_id: "C0PUBLIC",
    response_url: slack.responseUrl("failing"),
  };
  expect200(await sendCommand(questions.slackPort, command, { secret: questions.signingSecret }));

  discord.directMessage(world.alice, questions.discordQuestion);
  discord.post({ author: world.alice, content: questions.discordQuestion, mentionBot: true });
  discord.command({
    name: "ask",
    author: world.alice,
    options: [{ name: "question", type: 3, value: questions.discordQuestion }],
  });

  const refused = (method: string, path: RegExp, status: number) =>
    discord.calls.filter((call) => call.method === method && path.test(call.path) && call.status === status);
  await waitFor(() => slack.callsOf("chat.postMessage").length >= 2, 30_000);
  await waitFor(() => slack.callsOf("response_url").length >= 1, 30_000);
  await waitFor(() => refused("POST", /^\/channels\/\d+\/messages$/, 403).length >= 2, 30_000);
  await waitFor(() => refused("PATCH", /@original$/, 404).length >= 1, 30_000);
}

function expect200(response: { status: number }): void {
  if (response.status !== 200) throw new Error(`Slack request answered ${response.status}`);
}
