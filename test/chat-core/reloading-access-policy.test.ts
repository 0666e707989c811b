import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Conversation } from "../../src/chat-core/chat-core.js";
import {
  accessFileCheckMs,
  createReloadingAccessPolicy,
} from "../../src/chat-core/reloading-access-policy.js";
import { chatPlatforms } from "../../src/cli/chat-platforms.js";
import { loadConfig } from "../../src/config/config.js";
import { isDocentError } from "../../src/errors.js";
import { createRecordingLogger } from "../embeddings/recording-logger.js";
import { makeTempFolder } from "../helpers/temp-folder.js";

const hrChannel: Conversation = { platform: "slack", channelId: "CHR", isDirectMessage: false, userId: "U1" };

async function setUp(initial: string) {
  const file = path.join(await makeTempFolder(), "access.yaml");
  await writeFile(file, initial);
  const config = loadConfig({ environment: { DOCENT_ACCESS_FILE: file }, envFile: null });
  let clock = 0;
  const logger = createRecordingLogger();
  const policy = createReloadingAccessPolicy(config, chatPlatforms, logger, () => clock);
  const later = () => {
    clock += accessFileCheckMs;
  };
  return { file, policy, logger, later };
}

describe("the access policy follows edits of the access file", () => {
  it("applies a changed file without a restart, keeps the last good rules for a broken one, defaults when deleted", async () => {
    const { file, policy, logger, later } = await setUp(
      "slack:\n  channels:\n    CHR: [public, hr]\n  admins: [UADMIN]\n",
    );
    expect(policy.scopesFor(hrChannel)).toEqual(["public", "hr"]);
    expect(policy.isAdmin("slack", "UADMIN")).toBe(true);

    // HR documents taken away from the channel, and the admin removed: in effect at the next check.
    await writeFile(file, "slack:\n  channels:\n    CHR: [public]\n");
    expect(policy.scopesFor(hrChannel)).toEqual(["public", "hr"]); // not read again yet
    later();
    expect(policy.scopesFor(hrChannel)).toEqual(["public"]);
    expect(policy.isAdmin("slack", "UADMIN")).toBe(false);
    expect(logger.entries.at(-1)?.message).toBe("access file changed; new access rules in use");

    // A broken edit keeps the rules in use, and says so.
    await writeFile(file, "slack:\n  channels:\n    CHR: [public, hr\n");
    later();
    expect(policy.scopesFor(hrChannel)).toEqual(["public"]);
    expect(logger.entries.at(-1)).toMatchObject({ level: "error" });
    expect(logger.entries.at(-1)?.message).toContain("invalid");

    // Deleted: the defaults, "public" only.
    await writeFile(file, "slack:\n  defaultScopes: [public, engineering]\n");
    later();
    expect(policy.scopesFor(hrChannel)).toEqual(["public", "engineering"]);
    await rm(file);
    later();
    expect(policy.scopesFor(hrChannel)).toEqual(["public"]);
  });

  it("still refuses to start on an invalid file", async () => {
    const error = await setUp("slack:\n  channels: [oops]\n").catch((caught: unknown) => caught);
    expect(isDocentError(error, "CONFIG_INVALID")).toBe(true);
  });
});
