import path from "node:path";
import { describe, expect, it } from "vitest";
import type { DiscordAccess } from "../../src/adapters/discord/discord-access.js";
import { loadAccessFile, parseAccessFile } from "../../src/chat-core/access-file.js";
import { createAccessPolicy } from "../../src/chat-core/access-policy.js";
import type { ChannelSection } from "../../src/chat-core/access-section.js";
import { chatPlatforms } from "../../src/cli/chat-platforms.js";
import { isDocentError } from "../../src/errors.js";
import { projectRoot } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

const accessYaml = `
slack:
  channels:
    CHR: [public, hr]
  defaultScopes: [public]
  directMessageScopes: [public, engineering]
  admins: [UADMIN]
discord:
  channels:
    111: [public, engineering]
    222: [public]
  roles:
    123456789012345678901: [hr]
  roleScopesIn: [direct-messages, 111]
  admins: [999999999999999999]
`;

const policy = (adminsByManageServer = true) =>
  createAccessPolicy(parseAccessFile(accessYaml, "access.yaml", chatPlatforms), chatPlatforms, {
    discord: { adminsByManageServer },
  });
const hrRole = "123456789012345678901";

describe("access policy", () => {
  it("gives Slack channels their mapped scopes, unlisted channels the default and DMs the DM scopes", () => {
    const slack = (channelId: string, isDirectMessage = false) =>
      policy().scopesFor({ platform: "slack", channelId, isDirectMessage, userId: "U1" });
    expect(slack("CHR")).toEqual(["public", "hr"]);
    expect(slack("COTHER")).toEqual(["public"]);
    expect(slack("D123", true)).toEqual(["public", "engineering"]);
  });

  it("adds Discord role scopes only in DMs and the channels that allow them, never without the role", () => {
    const discord = (channelId: string, isDirectMessage: boolean, roleIds: string[]) =>
      policy().scopesFor({ platform: "discord", channelId, isDirectMessage, userId: "1", roleIds });
    expect(discord("dm", true, [hrRole])).toEqual(["public", "hr"]);
    expect(discord("dm", true, [])).toEqual(["public"]);
    expect(discord("111", false, [hrRole])).toEqual(["public", "engineering", "hr"]);
    expect(discord("111", false, ["other-role"])).toEqual(["public", "engineering"]);
    expect(discord("222", false, [hrRole])).toEqual(["public"]);
    expect(discord("333", false, [hrRole])).toEqual(["public"]);
  });

  it("reads the listed-channels shorthand as DMs plus every listed channel", () => {
    const access = parseAccessFile(
      "discord:\n  channels: { '5': [public] }\n  roles: { '7': [hr] }\n  roleScopesIn: direct-messages-and-listed-channels\n",
      "access.yaml",
      chatPlatforms,
    );
    const shorthand = createAccessPolicy(access, chatPlatforms, {});
    const ask = (channelId: string, isDirectMessage: boolean) =>
      shorthand.scopesFor({ platform: "discord", channelId, isDirectMessage, userId: "1", roleIds: ["7"] });
    expect([ask("5", false), ask("x", true), ask("6", false)]).toEqual([
      ["public", "hr"],
      ["public", "hr"],
      ["public"],
    ]);
  });

  it("decides admins by allowlist per platform, and by Manage Server on Discord when enabled", () => {
    expect(policy().isAdmin("slack", "UADMIN")).toBe(true);
    expect(policy().isAdmin("slack", "U1")).toBe(false);
    expect(policy().isAdmin("discord", "UADMIN")).toBe(false);
    expect(policy().isAdmin("discord", "999999999999999999")).toBe(true);
    expect(policy().isAdmin("discord", "5", { managesServer: true })).toBe(true);
    expect(policy(false).isAdmin("discord", "5", { managesServer: true })).toBe(false);
    expect(policy().isAdmin("slack", "U1", { managesServer: true })).toBe(false);
  });

  it("uses the defaults when the file is absent: public only, no admins", () => {
    const access = loadAccessFile(path.join(projectRoot, "no-such-access.yaml"), chatPlatforms);
    expect(access.slack).toEqual({
      channels: {},
      defaultScopes: ["public"],
      directMessageScopes: ["public"],
      admins: [],
    });
    expect((access.discord as DiscordAccess).roleScopesIn).toEqual(["direct-messages"]);
  });

  it("reads JSON and the committed example", async () => {
    const folder = await makeTempFolder();
    await writeFiles(folder, { "access.json": JSON.stringify({ slack: { channels: { C1: ["hr"] } } }) });
    const json = loadAccessFile(path.join(folder, "access.json"), chatPlatforms);
    expect((json.slack as ChannelSection).channels).toEqual({ C1: ["hr"] });
    const example = loadAccessFile(path.join(projectRoot, "config/access.example.yaml"), chatPlatforms);
    expect((example.discord as DiscordAccess).roles).toEqual({ "998877665544332211": ["hr"] });
  });

  it("fails with CONFIG_INVALID naming the file and the bad key", () => {
    const failure = (text: string) => {
      try {
        parseAccessFile(text, "config/access.yaml", chatPlatforms);
      } catch (error) {
        if (isDocentError(error, "CONFIG_INVALID")) return error.message;
        throw error;
      }
      throw new Error("expected a failure");
    };
    expect(failure("slack:\n  chanels: {}\n")).toBe(
      'Invalid access file config/access.yaml. Fix slack.chanels: Unrecognized key: "chanels"',
    );
    expect(failure("slack:\n  channels:\n    C1: public\n")).toMatch(
      /^Invalid access file config\/access\.yaml\. Fix slack\.channels\.C1: /,
    );
    expect(failure("discord:\n  roleScopesIn: everywhere\n")).toMatch(/Fix discord\.roleScopesIn: /);
    expect(failure("slack: [\n")).toMatch(
      /^The access file config\/access\.yaml is not valid YAML or JSON: /,
    );
  });
});
