import type { ChatCore } from "../chat-core/chat-core.js";
import type { PlatformAccess } from "../chat-core/platform-access.js";
import type { PlatformSettings } from "../config/platform-settings.js";
import type { Logger } from "../logging/logger.js";

/**
 * A chat platform docent serves (Slack, Discord): one folder under src/adapters/ whose platform object implements
 * this port, and one line in the list (src/cli/chat-platforms.ts). Everything the rest of docent needs from a
 * platform is here, so nothing outside its folder names it:
 * - its id and title, and its environment variables with the settings read from them (PlatformSettings; config.ts
 *   merges them and keeps config.platforms[name]);
 * - its section of the access file and the rules worked out from it (PlatformAccess; the chat core decides with them);
 * - how it starts and stops (start, RunningPlatform), and whether it is connected (/readyz);
 * - what `docent doctor` tries (checkCredentials). `docent status` and the bots' status list it when configured.
 * A platform translates: its events become calls of the chat core, the core's results become its messages; it
 * decides nothing about access or answers.
 */
export interface ChatPlatform<Settings = unknown, Section = unknown>
  extends PlatformSettings<Settings>,
    PlatformAccess<Section, Settings> {
  /** Its name for people ("Slack"): in sentences, in `docent doctor`, in the README's "Connecting Slack". */
  readonly title: string;
  /**
   * Connects with the platform and starts turning its events into calls of the core. Resolves once it is
   * receiving; rejects (having released what it opened) when it cannot start, naming what to fix.
   */
  start(settings: Settings, context: PlatformContext): Promise<RunningPlatform>;
  /** What `docent doctor` tries for real (the tokens); settings are undefined when it is not configured. */
  checkCredentials(settings: Settings | undefined, logger: Logger): Promise<PlatformCheck[]>;
}

export interface PlatformContext {
  core: ChatCore;
  /** Bound to the platform's component ("slack"). */
  logger: Logger;
}

export interface RunningPlatform {
  /** Whether it can receive questions now: its check in /readyz, named after it. */
  connected(): boolean;
  /** Stops receiving, cancels answers in progress and disconnects, within a few seconds; never rejects. */
  stop(): Promise<void>;
  /** What the "docent is running" log line says about it besides its name (Slack: { slackPort }). */
  facts?(): Record<string, unknown>;
}

/** One thing `docent doctor` tried: passed, failed (with what fixes it), or nothing to try (null). */
export interface PlatformCheck {
  ok: boolean | null;
  detail: string;
  fix?: string;
}
