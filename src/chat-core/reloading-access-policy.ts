import type { Config } from "../config/config.js";
import type { Logger } from "../logging/logger.js";
import { parseAccessFile } from "./access-file.js";
import { type AccessPolicy, createAccessPolicy } from "./access-policy.js";
import type { PlatformAccess } from "./platform-access.js";
import { readAccessFile } from "./read-access-file.js";

/** How often the access file is read again to see whether it changed. */
export const accessFileCheckMs = 2_000;

/**
 * The access policy, following edits of the access file without a restart: the file is read again at most every
 * two seconds when a decision is asked for, and a changed file takes effect at once (a channel removed from a
 * scope loses it for the next question). A file that can no longer be read (replaced by a FIFO or a device, grown
 * past the size limit) or no longer parses keeps the last good policy and is logged as an error, once per problem;
 * a deleted file means the defaults ("public" only, no admins). An invalid file at start still fails the start
 * with CONFIG_INVALID.
 */
export function createReloadingAccessPolicy(
  config: Readonly<Config>,
  platforms: readonly PlatformAccess[],
  logger: Logger,
  now: () => number = () => performance.now(),
): AccessPolicy {
  const file = config.chat.accessFile;
  const parse = (text: string | null) =>
    createAccessPolicy(parseAccessFile(text ?? "{}", file, platforms), platforms, config.platforms);
  let text = readAccessFile(file);
  let readProblem: string | null = null;
  let policy = parse(text);
  let checkedAt = now();

  const current = (): AccessPolicy => {
    if (now() - checkedAt < accessFileCheckMs) return policy;
    checkedAt = now();
    let next: string | null;
    try {
      next = readAccessFile(file);
      readProblem = null;
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      if (problem !== readProblem) {
        logger.error({ err: error, file }, "the access file cannot be read; keeping the access rules in use");
      }
      readProblem = problem;
      return policy;
    }
    if (next === text) return policy;
    try {
      policy = parse(next);
      logger.info({ file, present: next !== null }, "access file changed; new access rules in use");
    } catch (error) {
      logger.error(
        { err: error, file },
        "the changed access file is invalid; keeping the access rules in use",
      );
    }
    text = next;
    return policy;
  };

  return {
    scopesFor: (conversation) => current().scopesFor(conversation),
    isAdmin: (platform, userId, adminOptions) => current().isAdmin(platform, userId, adminOptions),
  };
}
