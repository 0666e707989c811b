import { execFileSync } from "node:child_process";
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadAccessFile } from "../../src/chat-core/access-file.js";
import type { ChannelSection } from "../../src/chat-core/access-section.js";
import type { Conversation } from "../../src/chat-core/chat-core.js";
import { accessFileMaxBytes } from "../../src/chat-core/read-access-file.js";
import {
  accessFileCheckMs,
  createReloadingAccessPolicy,
} from "../../src/chat-core/reloading-access-policy.js";
import { chatPlatforms } from "../../src/cli/chat-platforms.js";
import { loadConfig } from "../../src/config/config.js";
import { isDocentError } from "../../src/errors.js";
import { createRecordingLogger } from "../embeddings/recording-logger.js";
import { makeTempFolder } from "../helpers/temp-folder.js";

/**
 * The access file is read by a running bot every two seconds: what stands in its place must never block or abort
 * the bot (a FIFO waited for a writer forever; a link to /dev/zero was read until the process aborted), a huge file
 * is refused rather than parsed on the event loop, and a refused read keeps the rules in use.
 */
const hrChannel: Conversation = { platform: "slack", channelId: "CHR", isDirectMessage: false, userId: "U1" };
const goodRules = "slack:\n  channels:\n    CHR: [public, hr]\n";

async function policyOver(initial: string | null) {
  const folder = await makeTempFolder("docent-access-input-");
  const file = path.join(folder, "access.yaml");
  if (initial !== null) await writeFile(file, initial);
  const config = loadConfig({ environment: { DOCENT_ACCESS_FILE: file }, envFile: null });
  let clock = 0;
  const logger = createRecordingLogger();
  const start = () => createReloadingAccessPolicy(config, chatPlatforms, logger, () => clock);
  const later = () => {
    clock += accessFileCheckMs;
  };
  return { folder, file, logger, start, later };
}

function startFailure(start: () => unknown): string {
  try {
    start();
  } catch (error) {
    if (isDocentError(error, "CONFIG_INVALID")) return error.message;
    throw error;
  }
  throw new Error("expected the start to fail");
}

/** An access file of `count` channels, about 30 bytes a line. */
function manyChannels(count: number): string {
  const lines = ["slack:", "  channels:"];
  for (let index = 0; index < count; index++)
    lines.push(`    C${String(index).padStart(10, "0")}: [public, hr]`);
  return `${lines.join("\n")}\n`;
}

describe("what stands where the access file should be", () => {
  it("refuses a FIFO, a link to a device and a folder at start, saying what it is", async () => {
    const { folder, file, start } = await policyOver(null);
    execFileSync("mkfifo", [file]);
    expect(startFailure(start)).toBe(
      `The access file ${file} is a named pipe (FIFO), not a regular file: point DOCENT_ACCESS_FILE at a YAML or JSON file`,
    );
    await rm(file);
    await symlink("/dev/zero", file);
    expect(startFailure(start)).toContain(`The access file ${file} is a device, not a regular file`);
    await rm(file);
    await mkdir(file);
    expect(startFailure(start)).toContain(`The access file ${file} is a folder, not a regular file`);
    expect(folder).not.toBe("");
  });

  it("refuses a file over the size limit with a sentence naming the limit", async () => {
    const { file, start } = await policyOver(`${manyChannels(40_000)}`);
    expect(accessFileMaxBytes).toBe(1024 * 1024);
    expect(startFailure(start)).toBe(
      `The access file ${file} has 1.1 MB, over the limit of 1 MB for an access file (about 35,000 channels): ` +
        "list fewer channels and let defaultScopes cover the others",
    );
  });

  it("keeps the rules in use while the file is a FIFO, a link to /dev/zero or too large, logging each once", async () => {
    const { file, logger, start, later } = await policyOver(goodRules);
    const policy = start();
    expect(policy.scopesFor(hrChannel)).toEqual(["public", "hr"]);
    const errors = () => logger.entries.filter((entry) => entry.level === "error");

    await rm(file);
    execFileSync("mkfifo", [file]);
    later();
    expect(policy.scopesFor(hrChannel)).toEqual(["public", "hr"]);
    later();
    expect(policy.scopesFor(hrChannel)).toEqual(["public", "hr"]);
    expect(errors()).toHaveLength(1); // the same problem twice: logged once

    await rm(file);
    await symlink("/dev/zero", file);
    later();
    expect(policy.scopesFor(hrChannel)).toEqual(["public", "hr"]);

    await rm(file);
    await writeFile(file, manyChannels(40_000));
    later();
    expect(policy.scopesFor(hrChannel)).toEqual(["public", "hr"]);
    expect(errors().map((entry) => entry.message)).toEqual([
      "the access file cannot be read; keeping the access rules in use",
      "the access file cannot be read; keeping the access rules in use",
      "the access file cannot be read; keeping the access rules in use",
    ]);

    await writeFile(file, "slack:\n  channels:\n    CHR: [public]\n");
    later();
    expect(policy.scopesFor(hrChannel)).toEqual(["public"]);
  });

  it("reads a large file within the limit, and still refuses a key written twice, naming its line", async () => {
    const { folder } = await policyOver(null);
    const large = path.join(folder, "large.yaml");
    await writeFile(large, manyChannels(20_000));
    const slack = loadAccessFile(large, chatPlatforms).slack as ChannelSection;
    expect(Object.keys(slack.channels)).toHaveLength(20_000);
    const twice = path.join(folder, "twice.yaml");
    await writeFile(twice, "discord:\n  channels:\n    111: [hr]\n    222: [public]\n    '111': [public]\n");
    expect(() => loadAccessFile(twice, chatPlatforms)).toThrow(
      `The access file ${twice} is not valid YAML or JSON: the key "111" is written twice in one map at line 5 (map keys must be unique)`,
    );
  });
});
