import { checkDiscordToken } from "../adapters/discord/check-discord-token.js";
import { createBoltLogger } from "../adapters/slack/bolt-logger.js";
import { checkSlackAppToken } from "../adapters/slack/check-slack-app-token.js";
import { checkSlackIdentity } from "../adapters/slack/check-slack-identity.js";
import type { Config } from "../config/config.js";
import { createChatEngine } from "../engines/create-chat-engine.js";
import { createIndexStore } from "../index-store/create-index-store.js";
import type { Logger } from "../logging/logger.js";
import { commandName } from "./command-name.js";

/** One thing `docent doctor` tried: passed, failed (with what fixes it), or not configured (null). */
export interface DoctorCheck {
  name: string;
  ok: boolean | null;
  detail: string;
  fix?: string;
}

/** Each check runs on its own: one failing (or throwing) does not hide the others. */
export function runDoctorChecks(config: Readonly<Config>, logger: Logger): Promise<DoctorCheck[]> {
  const guarded = (name: string, check: () => Promise<DoctorCheck[]>) =>
    check().catch((error: unknown): DoctorCheck[] => [
      { name, ok: false, detail: error instanceof Error ? error.message : String(error) },
    ]);
  return Promise.all([
    guarded("Index", () => checkIndex(config, logger)),
    guarded("Engine", () => checkEngine(config, logger)),
    guarded("Slack", () => checkSlack(config, logger)),
    guarded("Discord", () => checkDiscord(config)),
  ]).then((groups) => groups.flat());
}

async function checkIndex(config: Readonly<Config>, logger: Logger): Promise<DoctorCheck[]> {
  const store = await createIndexStore(config, logger);
  try {
    const generation = await store.currentGeneration();
    if (generation === null) {
      const fix = `run \`${commandName()} ingest\``;
      return [{ name: "Index", ok: false, detail: `no index yet in ${store.description}`, fix }];
    }
    const manifest = await store.readManifest(generation);
    const built = manifest.docsDir;
    const detail =
      `${generation} in ${store.description}: ${manifest.counts.documents} documents, ` +
      `${manifest.counts.chunks} chunks${built === undefined ? "" : `, built from ${built}`}`;
    if (config.docsDirChosen && built !== undefined && built !== config.docsDir) {
      return [
        {
          name: "Index",
          ok: false,
          detail: `${detail}, but DOCENT_DOCS_DIR names ${config.docsDir}: an ingest refuses to switch folders`,
          fix: `run \`${commandName()} ingest --rebuild\` to index ${config.docsDir} instead, or unset DOCENT_DOCS_DIR`,
        },
      ];
    }
    return [{ name: "Index", ok: true, detail }];
  } finally {
    await store.close();
  }
}

async function checkEngine(config: Readonly<Config>, logger: Logger): Promise<DoctorCheck[]> {
  const engine = await createChatEngine(config.llm, logger);
  if (engine === null) {
    return [
      { name: "Engine", ok: true, detail: "extractive: no language model; answers quote the documents" },
    ];
  }
  try {
    const result = (await engine.checkReachable?.()) ?? { reachable: true };
    const unchecked =
      result.reachable && result.modelChecked === false ? " (the model could not be checked)" : "";
    return [
      {
        name: "Engine",
        ok: result.reachable,
        detail: `${engine.id}: ${result.detail ?? "ready"}${unchecked}`,
        ...(result.fix === undefined ? {} : { fix: result.fix }),
      },
    ];
  } finally {
    await engine.close?.();
  }
}

async function checkSlack(config: Readonly<Config>, logger: Logger): Promise<DoctorCheck[]> {
  const slack = config.slack;
  if (slack === undefined)
    return [{ name: "Slack", ok: null, detail: "not configured (SLACK_BOT_TOKEN is unset)" }];
  const identity = await checkSlackIdentity(slack, createBoltLogger(logger.child({ component: "slack" })));
  const host = new URL(slack.apiUrl ?? "https://slack.com/api/").host;
  const checks: DoctorCheck[] = [
    {
      name: "Slack",
      ok: true,
      detail: `SLACK_BOT_TOKEN works: bot user ${identity.botUserId} in workspace ${identity.teamId ?? "(none named)"} (auth.test at ${host})`,
    },
  ];
  if (slack.appToken !== undefined) {
    const appHost = await checkSlackAppToken({ appToken: slack.appToken, apiUrl: slack.apiUrl }).then(
      (checked) => ({
        ok: true as const,
        detail: `SLACK_APP_TOKEN works: Socket Mode can connect (apps.connections.open at ${checked})`,
      }),
      (error: unknown) => ({
        ok: false as const,
        detail: error instanceof Error ? error.message : String(error),
      }),
    );
    checks.push({ name: "Slack", ...appHost });
  } else {
    checks.push({
      name: "Slack",
      ok: null,
      detail:
        `HTTP mode: SLACK_SIGNING_SECRET can only be checked by Slack's own requests, which must reach port ` +
        `${slack.port} at /slack/events (Slack's app settings verify the URL)`,
    });
  }
  return checks;
}

async function checkDiscord(config: Readonly<Config>): Promise<DoctorCheck[]> {
  const discord = config.discord;
  if (discord === undefined)
    return [{ name: "Discord", ok: null, detail: "not configured (DISCORD_TOKEN is unset)" }];
  const identity = await checkDiscordToken(discord);
  return [
    {
      name: "Discord",
      ok: true,
      detail:
        `DISCORD_TOKEN works: bot ${identity.user.username} (${identity.user.id}) of application ` +
        `${discord.applicationId}, Message Content intent on (at ${identity.host})`,
    },
  ];
}
