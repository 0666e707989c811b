import { copyFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chatPlatforms } from "../../src/cli/chat-platforms.js";
import { loadConfig } from "../../src/config/config.js";
import { isDocentError } from "../../src/errors.js";
import { projectRoot } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

/** The message a bad setting gets, or "no error". */
function problemWith(environment: Record<string, string>, envFile: string | null = null): string {
  try {
    loadConfig({ environment, envFile, cwd: "/srv/docent" });
    return "no error";
  } catch (error) {
    expect(isDocentError(error, "CONFIG_INVALID")).toBe(true);
    return (error as Error).message;
  }
}

describe(".env.example", () => {
  it("works as copied: every value it shows is the default, and its empty values count as unset", async () => {
    const folder = await makeTempFolder("docent-env-example-");
    await copyFile(path.join(projectRoot, ".env.example"), path.join(folder, ".env"));
    const fromExample = loadConfig({ environment: {}, cwd: folder, platforms: chatPlatforms });
    const withoutFile = loadConfig({ environment: {}, envFile: null, cwd: folder, platforms: chatPlatforms });
    expect(fromExample).toEqual(withoutFile);
  });

  it("treats an empty value in .env as unset, as it does in the environment", async () => {
    const folder = await makeTempFolder("docent-env-empty-");
    await writeFiles(folder, {
      ".env": "LLM_CONTEXT_WINDOW=\nLLM_CONCURRENCY=\nLLM_PROVIDER=\nDOCENT_TOP_K=\n",
    });
    const config = loadConfig({ environment: {}, cwd: folder });
    expect(config.llm.contextWindow).toBeUndefined();
    expect(config.llm.concurrency).toBeUndefined();
    expect(config.llm.provider).toBe("extractive");
    expect(config.answers.topK).toBe(6);
  });
});

describe("a bad value gets a sentence naming the variable, what was given and what is allowed", () => {
  it("a number that is not one", () => {
    const message = problemWith({ DOCENT_TOP_K: "abc" });
    expect(message).toContain('Fix DOCENT_TOP_K: it is "abc"');
    expect(message).toContain("a whole number from 1 to 50");
    expect(message).not.toMatch(/NaN|expected number/);
    expect(problemWith({ DOCENT_TOP_K: "2.5" })).toContain("a whole number from 1 to 50");
    expect(problemWith({ LLM_CONTEXT_WINDOW: "100" })).toContain(
      'Fix LLM_CONTEXT_WINDOW: it is "100" (set in the environment), and it must be a whole number from 512 to 2000000.',
    );
    expect(problemWith({ LLM_TEMPERATURE: "hot" })).toContain("a number from 0 to 2");
  });

  it("a deadline that 0 turns off: 0 or a number of milliseconds within its bounds", () => {
    const allowed = "it must be 0 (no rewrite) or a whole number of milliseconds from 100 to 60000.";
    expect(problemWith({ LLM_REWRITE_TIMEOUT_MS: "50" })).toContain(
      `Fix LLM_REWRITE_TIMEOUT_MS: it is "50" (set in the environment), and ${allowed}`,
    );
    expect(problemWith({ LLM_REWRITE_TIMEOUT_MS: "soon" })).toContain(allowed);
    expect(problemWith({ LLM_REWRITE_TIMEOUT_MS: "-1" })).toContain(allowed);
    const read = (value?: string) =>
      loadConfig({ environment: value === undefined ? {} : { LLM_REWRITE_TIMEOUT_MS: value }, envFile: null })
        .llm.rewriteTimeoutMs;
    expect([read(), read("0"), read("1500")]).toEqual([4_000, 0, 1_500]);
  });

  it("a number that is not a plain decimal, or a limit too small to mean anything", () => {
    const cases: Array<[string, string, string]> = [
      ["DOCENT_MAX_TEXT_MB", "1e-9", "a number of megabytes from 0.001 (about 1 KB) to 10000"],
      ["DOCENT_MAX_TEXT_MB", "0.0000001", "a number of megabytes from 0.001 (about 1 KB) to 10000"],
      ["DOCENT_MAX_FILE_MB", "0x10", "a number of megabytes from 0.001 (about 1 KB) to 10000"],
      ["DOCENT_MAX_ZIP_ENTRY_MB", "-5", "a number of megabytes from 0.001 (about 1 KB) to 10000"],
      ["DOCENT_TOP_K", "0x10", "a whole number from 1 to 50"],
      ["DOCENT_TOP_K", "0b11", "a whole number from 1 to 50"],
      ["DOCENT_CHUNK_SIZE", "1e3", "a whole number from 100 to 20000"],
      ["DOCENT_LOAD_TIMEOUT_S", "Infinity", "a number of seconds from 1 to 86400"],
      ["LLM_TEMPERATURE", "0,5", "a number from 0 to 2"],
      ["DOCENT_CHUNK_SIZE", "1_000", "a whole number from 100 to 20000"],
      ["DOCENT_OPS_PORT", "0x50", "off or a port number from 0 to 65535"],
    ];
    for (const [variable, value, allowed] of cases) {
      expect(problemWith({ [variable]: value }), `${variable}=${value}`).toContain(
        `Fix ${variable}: it is ${JSON.stringify(value)} (set in the environment), and it must be ${allowed}.`,
      );
    }
    const plain = loadConfig({
      environment: { DOCENT_MAX_FILE_MB: "0.001", DOCENT_TOP_K: " 8 ", LLM_TEMPERATURE: ".5" },
      envFile: null,
    });
    expect([plain.maxFileBytes, plain.answers.topK, plain.llm.temperature]).toEqual([1049, 8, 0.5]);
  });

  it("a choice that is misspelt: the choices, and the one it probably meant", () => {
    const message = problemWith({ LLM_PROVIDER: "olama" });
    expect(message).toContain('Fix LLM_PROVIDER: it is "olama"');
    expect(message).toContain("extractive, ollama, openai-compatible, openai, anthropic or llamacpp");
    expect(message).toContain('Did you mean "ollama"?');
    expect(message).not.toContain('""');
    expect(problemWith({ EMBEDDINGS_PROVIDER: "word2vec" })).not.toContain("Did you mean");
    expect(problemWith({ DOCENT_REQUIRE_CITATIONS: "maybe" })).toContain("true or false");
  });

  it("a server URL without http:// or https:// is refused instead of ignored", () => {
    const message = problemWith({ LLM_BASE_URL: "localhost:11434" });
    expect(message).toContain('Fix LLM_BASE_URL: it is "localhost:11434"');
    expect(message).toContain("http://");
    expect(problemWith({ EMBEDDINGS_BASE_URL: "127.0.0.1:11434" })).toContain("Fix EMBEDDINGS_BASE_URL");
    expect(problemWith({ LLM_BASE_URL: "http://localhost:11434" })).toBe("no error");
  });

  it("says where the value came from, and never repeats a secret", async () => {
    const folder = await makeTempFolder("docent-env-origin-");
    await writeFiles(folder, { ".env": "DOCENT_TOP_K=many\n" });
    const envFile = path.join(folder, ".env");
    expect(problemWith({}, envFile)).toContain(`(set in ${envFile})`);
    const database = problemWith({ DATABASE_URL: "mysql://docent:hunter2@db/docent" });
    expect(database).toContain("Fix DATABASE_URL");
    expect(database).toContain("postgres://");
    expect(database).not.toContain("hunter2");
  });

  it("lists every bad value at once", () => {
    const message = problemWith({ DOCENT_TOP_K: "abc", LLM_PROVIDER: "olama", DOCENT_OPS_PORT: "nine" });
    expect(message).toContain("Fix DOCENT_TOP_K");
    expect(message).toContain("Fix LLM_PROVIDER");
    expect(message).toMatch(/Fix DOCENT_OPS_PORT: it is "nine" .*, and it must be off or a port number/);
  });
});
