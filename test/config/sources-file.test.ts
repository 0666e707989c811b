import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSourcesFile, parseSourcesFile } from "../../src/config/sources-file.js";
import { isDocentError } from "../../src/errors.js";

const environment = { CONFLUENCE_USER: "ada@example.com", CONFLUENCE_TOKEN: "s3cret-token" };

function problemOf(text: string): string {
  try {
    parseSourcesFile(text, "config/sources.yaml", environment);
  } catch (error) {
    expect(isDocentError(error, "CONFIG_INVALID")).toBe(true);
    return (error as Error).message;
  }
  throw new Error("expected the file to be refused");
}

describe("the sources file", () => {
  it("reads every entry's common keys, resolves the variables its auth names, and keeps the kind's own keys", () => {
    const file = parseSourcesFile(
      [
        "sources:",
        "  - name: handbook",
        "    type: folder",
        "    path: ./data/docs",
        "  - name: wiki",
        "    type: confluence",
        "    url: https://example.atlassian.net/wiki",
        "    spaces: [HR, ENG]",
        "    scopes: { HR: hr, ENG: engineering }",
        "    api_url: http://127.0.0.1:9000/wiki",
        "    auth: { user_env: CONFLUENCE_USER, token_env: CONFLUENCE_TOKEN }",
      ].join("\n"),
      "config/sources.yaml",
      environment,
    );
    expect(file.entries).toEqual([
      {
        at: "sources[0]",
        name: "handbook",
        type: "folder",
        credentials: {},
        credentialVariables: {},
        settings: { path: "./data/docs" },
      },
      {
        at: "sources[1]",
        name: "wiki",
        type: "confluence",
        scopes: { HR: "hr", ENG: "engineering" },
        apiUrl: "http://127.0.0.1:9000/wiki",
        credentials: { user: "ada@example.com", token: "s3cret-token" },
        credentialVariables: { user: "CONFLUENCE_USER", token: "CONFLUENCE_TOKEN" },
        settings: { url: "https://example.atlassian.net/wiki", spaces: ["HR", "ENG"] },
      },
    ]);
  });

  it("names each mistake in one sentence: a bad name, a repeated one, a credential written in the file, an unset variable", () => {
    const message = problemOf(
      [
        "sources:",
        "  - { name: Wiki Pages, type: web, scope: public }",
        "  - { name: wiki, type: web, scope: public, auth: { token: abc } }",
        "  - { name: wiki, type: notion, scope: public, auth: { token_env: NOTION_TOKEN } }",
      ].join("\n"),
    );
    expect(message).toContain("Invalid sources file config/sources.yaml. Fix ");
    expect(message).toContain("sources[0].name: lower-case letters, digits and dashes (at most 64)");
    expect(message).toContain(
      "sources[1].auth.token: credentials are never written in this file; name the environment variable that holds it with token_env",
    );
    expect(message).not.toContain("abc");
  });

  it("says which variable is not set, and that a name is used twice, without showing a credential", () => {
    const message = problemOf(
      [
        "sources:",
        "  - { name: wiki, type: web, scope: public }",
        "  - { name: wiki, type: notion, scope: public, auth: { token_env: NOTION_TOKEN } }",
        "  - { name: confluence, type: confluence, scope: hr, auth: { token_env: CONFLUENCE_TOKEN } }",
      ].join("\n"),
    );
    expect(message).toContain('sources[1].name: "wiki" is the name of another source');
    expect(message).toContain(
      "sources[1].auth.token_env: it names NOTION_TOKEN, which is not set (set it in .env or the environment)",
    );
    expect(message).not.toContain("s3cret-token");
  });

  it("refuses a file that is not YAML, or holds no sources", () => {
    expect(problemOf("sources: [")).toMatch(/^The sources file config\/sources.yaml is not valid YAML: /);
    expect(problemOf("sources: []")).toContain("sources: at least one source");
    expect(problemOf("source:\n  - name: x")).toBe(
      'Invalid sources file config/sources.yaml. Fix sources: a list of sources, each with name and type; "source": the file holds one key, sources',
    );
  });

  it("is absent unless the file exists (the documents folder is then the one source)", () => {
    const folder = mkdtempSync(path.join(tmpdir(), "docent-sources-file-"));
    expect(loadSourcesFile(path.join(folder, "sources.yaml"), {})).toBeNull();
    writeFileSync(path.join(folder, "sources.yaml"), "sources:\n  - { name: docs, type: folder, path: . }\n");
    expect(
      loadSourcesFile(path.join(folder, "sources.yaml"), {})?.entries.map((entry) => entry.name),
    ).toEqual(["docs"]);
  });
});
