import { DocentError } from "../errors.js";
import { isPlainId, plainIdRule } from "../plain-id.js";

/**
 * Shared state stores whichever platform id it is given (the platforms are listed in src/cli/chat-platforms.ts,
 * not here), as long as it is a plain id; anything else is a platform's bug, refused before it is stored.
 */
export function checkPlatformId(platform: string): void {
  if (!isPlainId(platform)) {
    throw new DocentError(
      "INTERNAL",
      `A platform id must be ${plainIdRule}; got ${JSON.stringify(platform)}`,
    );
  }
}
