import type { Config } from "../config/config.js";
import { createChatEngine } from "../engines/create-chat-engine.js";
import { createIndexStore } from "../index-store/create-index-store.js";
import type { Logger } from "../logging/logger.js";
import type { ChatPlatform } from "../platforms/chat-platform.js";
import { chatPlatforms } from "./chat-platforms.js";
import { commandName } from "./command-name.js";

/** One thing `docent doctor` tried: passed, failed (with what fixes it), or not configured (null). */
export interface DoctorCheck {
  name: string;
  ok: boolean | null;
  detail: string;
  fix?: string;
}

/** Each check runs on its own: one failing (or throwing) does not hide the others. Each platform tries its own. */
export function runDoctorChecks(
  config: Readonly<Config>,
  logger: Logger,
  platforms: readonly ChatPlatform[] = chatPlatforms,
): Promise<DoctorCheck[]> {
  const guarded = (name: string, check: () => Promise<DoctorCheck[]>) =>
    check().catch((error: unknown): DoctorCheck[] => [
      { name, ok: false, detail: error instanceof Error ? error.message : String(error) },
    ]);
  return Promise.all([
    guarded("Index", () => checkIndex(config, logger)),
    guarded("Engine", () => checkEngine(config, logger)),
    ...platforms.map((platform) =>
      guarded(platform.title, async () => {
        const checks = await platform.checkCredentials(config.platforms[platform.name], logger);
        return checks.map((check) => ({ name: platform.title, ...check }));
      }),
    ),
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
