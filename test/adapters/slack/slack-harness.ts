import { afterEach } from "vitest";
import type { SlackSettings } from "../../../src/adapters/slack/slack-settings.js";
import { startSlackAdapter } from "../../../src/adapters/slack/start-slack-adapter.js";
import type { ChatCore } from "../../../src/chat-core/chat-core.js";
import { type Logger, silentLogger } from "../../../src/logging/logger.js";
import { type FakeSlackOptions, startFakeSlack } from "./fake-slack-api.js";
import { slackTestSettings } from "./signed-requests.js";

const running: Array<() => Promise<void>> = [];

afterEach(async () => {
  while (running.length > 0) await running.pop()?.();
});

/** The real adapter (real Bolt app) on a loopback port, talking to a fake Slack; stopped after the test. */
export async function startSlackHarness(
  options: {
    core: ChatCore;
    slack?: FakeSlackOptions;
    settings?: Partial<SlackSettings>;
    logger?: Logger;
  } = { core: undefined as never },
) {
  const fake = await startFakeSlack(options.slack);
  running.push(() => fake.stop());
  const settings = slackTestSettings(fake.apiUrl, options.settings);
  const adapter = await startSlackAdapter({
    settings,
    core: options.core,
    logger: options.logger ?? silentLogger,
  });
  running.push(() => adapter.stop());
  return { fake, adapter, port: adapter.port ?? 0 };
}

/** Polls until the condition holds (generous: the machine is shared). */
export async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Lets in-flight work settle, for checks that something did NOT happen. */
export const settle = (ms = 400) => new Promise((resolve) => setTimeout(resolve, ms));
