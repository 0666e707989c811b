import type { z } from "zod";
import { DocentError } from "../errors.js";
import { isPlainId, plainIdRule } from "../plain-id.js";

/**
 * What a chat platform adds to the configuration: its own environment variables (a zod object with their types and
 * defaults, as environment-schema.ts holds the core's) and the settings it reads from them. loadConfig checks every
 * listed platform's variables together with the core's, so that all problems are described at once and config.ts
 * stays the only reader of process.env; the settings of each configured platform end up in config.platforms.
 */
export interface PlatformSettings<Settings = unknown> {
  /** The platform's id, a plain id ("slack"): its settings are config.platforms[name]. */
  readonly name: string;
  /** Its environment variables. */
  readonly variables: z.ZodObject;
  /** What configures it, for the sentence that says none is: "DISCORD_TOKEN (with DISCORD_APPLICATION_ID)". */
  readonly configuredBy: string;
  /**
   * Its settings from its parsed variables, or undefined when it is not configured (its token unset). Variables
   * that contradict each other throw CONFIG_INVALID naming the one to set or fix.
   */
  readSettings(variables: Record<string, unknown>): Settings | undefined;
}

/** A platform list that would make config.platforms ambiguous is a programming error, refused at once. */
export function checkPlatformList(
  platforms: readonly PlatformSettings[],
  coreVariables: readonly string[],
): void {
  const names = new Set<string>();
  const variables = new Set(coreVariables);
  for (const platform of platforms) {
    if (!isPlainId(platform.name) || names.has(platform.name)) {
      throw new DocentError(
        "INTERNAL",
        `The chat platform "${platform.name}" is listed twice or its name is not ${plainIdRule}`,
      );
    }
    names.add(platform.name);
    for (const variable of Object.keys(platform.variables.shape)) {
      if (variables.has(variable)) {
        throw new DocentError(
          "INTERNAL",
          `The chat platform "${platform.name}" reads ${variable}, read elsewhere too`,
        );
      }
      variables.add(variable);
    }
  }
}

/** Every problem with the platforms' variables, in the order the platforms are listed. */
export function platformVariableIssues(
  platforms: readonly PlatformSettings[],
  values: Readonly<Record<string, string | undefined>>,
): z.core.$ZodIssue[] {
  return platforms.flatMap((platform) => platform.variables.safeParse(values).error?.issues ?? []);
}

/** The settings of every configured platform, by name, in the order the platforms are listed. */
export function readPlatformSettings(
  platforms: readonly PlatformSettings[],
  values: Readonly<Record<string, string | undefined>>,
): Readonly<Record<string, unknown>> {
  const settings: Record<string, unknown> = {};
  for (const platform of platforms) {
    const read = platform.readSettings(platform.variables.parse(values));
    if (read !== undefined) settings[platform.name] = Object.freeze(read);
  }
  return Object.freeze(settings);
}
