import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { chatPlatforms } from "../../src/cli/chat-platforms.js";
import { loadConfig, type PlatformSettings } from "../../src/config/config.js";
import { isDocentError } from "../../src/errors.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

const load = (environment: Record<string, string>, overrides = {}) =>
  loadConfig({ environment, envFile: null, overrides, cwd: "/srv/docent", platforms: chatPlatforms });

describe("configuration", () => {
  it("has working defaults, with paths resolved against the working directory", () => {
    const config = load({});
    expect(config.docsDir).toBe("/srv/docent/data/docs");
    expect(config.indexDir).toBe("/srv/docent/data/index");
    expect(config.embeddings.provider).toBe("local");
    expect(config.chunking).toEqual({ chunkSize: 1000, chunkOverlap: 150 });
    expect(config.logContent).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("lets CLI flags win over the environment, and the environment over the .env file", async () => {
    const folder = await makeTempFolder();
    await writeFiles(folder, { ".env": "DOCENT_DOCS_DIR=from-file\nDOCENT_INDEX_DIR=index-from-file\n" });
    const config = loadConfig({
      environment: { DOCENT_INDEX_DIR: "index-from-environment" },
      overrides: { DOCENT_DOCS_DIR: "from-flag" },
      cwd: folder,
    });
    expect(config.docsDir).toBe(path.join(folder, "from-flag"));
    expect(config.indexDir).toBe(path.join(folder, "index-from-environment"));
  });

  it("names the variable to fix", () => {
    const attempt = (environment: Record<string, string>) => {
      try {
        load(environment);
        return "no error";
      } catch (error) {
        expect(isDocentError(error, "CONFIG_INVALID")).toBe(true);
        return (error as Error).message;
      }
    };
    expect(attempt({ EMBEDDINGS_PROVIDER: "word2vec" })).toMatch(/EMBEDDINGS_PROVIDER/);
    expect(attempt({ DOCENT_CHUNK_SIZE: "lots" })).toMatch(/DOCENT_CHUNK_SIZE/);
    expect(attempt({ EMBEDDINGS_BASE_URL: "not a url" })).toMatch(/EMBEDDINGS_BASE_URL/);
    expect(attempt({ DOCENT_CHUNK_SIZE: "200", DOCENT_CHUNK_OVERLAP: "300" })).toMatch(
      /DOCENT_CHUNK_OVERLAP/,
    );
    expect(attempt({ EMBEDDINGS_PROVIDER: "llamacpp" })).toMatch(/Set EMBEDDINGS_MODEL/);
    expect(attempt({ SLACK_BOT_TOKEN: "xoxb-1" })).toMatch(/Set SLACK_APP_TOKEN .* or SLACK_SIGNING_SECRET/);
    expect(attempt({ SLACK_SIGNING_SECRET: "s" })).toMatch(/Set SLACK_BOT_TOKEN/);
    expect(attempt({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xoxb-2" })).toMatch(/Fix SLACK_APP_TOKEN/);
    expect(attempt({ DISCORD_TOKEN: "t" })).toMatch(/Set DISCORD_APPLICATION_ID/);
    expect(attempt({ LLM_PROVIDER: "openai-compatible" })).toMatch(/Set LLM_BASE_URL/);
    expect(attempt({ LLM_PROVIDER: "anthropic" })).toMatch(/Set LLM_API_KEY \(or ANTHROPIC_API_KEY\)/);
  });

  it("shapes the chat platforms' settings only when their tokens are set", () => {
    expect(load({}).platforms.slack).toBeUndefined();
    const slack = load({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "secret", PORT: "0" }).platforms
      .slack;
    expect(slack).toMatchObject({
      botToken: "xoxb-1",
      appToken: undefined,
      slashCommand: "/docent",
      port: 0,
    });
    const discord = load({
      DISCORD_TOKEN: "t",
      DISCORD_APPLICATION_ID: "42",
      DISCORD_GUILD_IDS: "1, 2",
    }).platforms.discord;
    expect(discord).toMatchObject({ applicationId: "42", guildIds: ["1", "2"], replyInThread: false });
    expect(load({ OPENAI_API_KEY: "sk-1", LLM_PROVIDER: "openai" }).llm.apiKey).toBe("sk-1");
  });

  it("reads each listed platform's own variables, and refuses a list that would make them ambiguous", () => {
    const platform = (name: string, variable: string): PlatformSettings => ({
      name,
      variables: z.object({ [variable]: z.string().optional() }),
      configuredBy: variable,
      readSettings: (variables) =>
        variables[variable] === undefined ? undefined : { value: variables[variable] },
    });
    const withPlatforms = (platforms: PlatformSettings[]) =>
      loadConfig({ environment: { TEAMS_ID: "t1" }, envFile: null, platforms });
    expect(withPlatforms([platform("teams", "TEAMS_ID"), platform("matrix", "MATRIX_ID")]).platforms).toEqual(
      {
        teams: { value: "t1" },
      },
    );
    expect(() => withPlatforms([platform("teams", "TEAMS_ID"), platform("teams", "OTHER_ID")])).toThrow(
      /"teams" is listed twice or its name is not lower-case letters/,
    );
    expect(() => withPlatforms([platform("Teams!", "TEAMS_ID")])).toThrow(
      /"Teams!" is listed twice or its name/,
    );
    expect(() => withPlatforms([platform("teams", "TEAMS_ID"), platform("matrix", "TEAMS_ID")])).toThrow(
      /"matrix" reads TEAMS_ID, read elsewhere too/,
    );
    expect(() => withPlatforms([platform("teams", "DOCENT_TOP_K")])).toThrow(/reads DOCENT_TOP_K/);
  });

  it("treats an empty variable as unset", () => {
    expect(load({ EMBEDDINGS_PROVIDER: "" }).embeddings.provider).toBe("local");
  });
});
