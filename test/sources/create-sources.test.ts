import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseSourcesFile } from "../../src/config/sources-file.js";
import { isDocentError } from "../../src/errors.js";
import { silentLogger } from "../../src/logging/logger.js";
import { createSources } from "../../src/sources/create-sources.js";
import type { SourceKind } from "../../src/sources/source-kind.js";
import { sourceKinds } from "../../src/sources/source-kinds.js";

/** A kind written here only: what createSources hands a kind it knows nothing about. */
const made: Array<{ settings: unknown; credentials: unknown; scopes: Array<string | null> }> = [];
const wikiKind: SourceKind<{ url: string; spaces: string[] }> = {
  type: "wiki",
  settings: z.strictObject({ url: z.url(), spaces: z.array(z.string()).min(1) }),
  credentials: ["token"],
  containers: "space key",
  create(entry, context) {
    made.push({
      settings: entry.settings,
      credentials: entry.credentials,
      scopes: [context.scopeOf("HR"), context.scopeOf("OTHER"), context.scopeOf()],
    });
    return {
      name: entry.name,
      kind: "wiki",
      location: entry.settings.url,
      keyPrefix: `${entry.name}/`,
      check: async () => undefined,
      list: async () => ({ documents: [], skipped: [], failed: [] }),
      read: async () => Buffer.alloc(0),
    };
  },
};
const kinds = [...sourceKinds, wikiKind];
const options = { kinds, maxDocumentBytes: 2 ** 20, logger: silentLogger };

function sourcesOf(text: string, environment: Record<string, string> = { WIKI_TOKEN: "t0ken" }) {
  return createSources(parseSourcesFile(text, "sources.yaml", environment), options);
}

function problemOf(text: string): string {
  try {
    sourcesOf(text);
  } catch (error) {
    expect(isDocentError(error, "CONFIG_INVALID")).toBe(true);
    return (error as Error).message;
  }
  throw new Error("expected the file to be refused");
}

describe("making the sources of a sources file", () => {
  it("hands each kind its checked settings, its credentials and its scopes by container", () => {
    made.length = 0;
    const [source] = sourcesOf(
      "sources:\n  - name: wiki\n    type: wiki\n    url: https://wiki.example.com\n    spaces: [HR]\n    scopes: { HR: hr }\n    auth: { token_env: WIKI_TOKEN }\n",
    );
    expect(source?.name).toBe("wiki");
    expect(made).toEqual([
      {
        settings: { url: "https://wiki.example.com", spaces: ["HR"] },
        credentials: { token: "t0ken" },
        scopes: ["hr", null, null],
      },
    ]);
  });

  it("lets the ingest read as many documents of a source at once as its requests may be in flight; a folder one", () => {
    const [wiki, site, folder] = sourcesOf(
      "sources:\n  - { name: wiki, type: wiki, url: https://wiki.example.com, spaces: [HR], scope: hr, auth: { token_env: WIKI_TOKEN } }\n" +
        "  - { name: site, type: web, url: https://intranet.example.com/, scope: public, max_in_flight: 9 }\n" +
        `  - { name: handbook, type: folder, path: ${JSON.stringify(tmpdir())} }\n`,
    );
    expect(wiki?.readsInFlight).toBe(4);
    expect(site?.readsInFlight).toBe(9);
    expect(folder?.readsInFlight).toBeUndefined();
  });

  it("names every mistake: an unknown kind (with the one meant), a misspelt key, a missing credential, scopes where one scope fits", () => {
    const message = problemOf(
      [
        "sources:",
        "  - { name: a, type: wikki, scope: public }",
        "  - { name: b, type: wiki, url: https://wiki.example.com, space: [HR], scope: public }",
        "  - { name: c, type: folder, path: ./docs, scopes: { x: hr }, api_url: http://127.0.0.1:9/ }",
        "  - { name: d, type: wiki, url: https://wiki.example.com, spaces: [HR], auth: { token_env: WIKI_TOKEN } }",
      ].join("\n"),
    );
    expect(message).toContain(
      `sources[0].type: "wikki" is not a kind of source docent reads (${kinds.map((kind) => kind.type).join(", ")}). Did you mean "wiki"?`,
    );
    expect(message).toContain(
      'sources[1]: "space" is not a setting of a wiki source. Did you mean "spaces"?',
    );
    expect(message).toContain(
      "sources[1].auth.token_env: a wiki source needs it (the name of the variable that holds its token)",
    );
    expect(message).toContain(
      "sources[2].scopes: a folder source has one scope for everything it holds: use scope",
    );
    expect(message).toContain("sources[2].api_url: a folder source has no API to point elsewhere; remove it");
    expect(message).toContain(
      "sources[3]: give scope (the scope of everything it holds) or scopes (space key -> scope)",
    );
  });

  it("reads a folder entry as the documents folder is read, or everything in its one scope, keyed by its name", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "docent-create-sources-"));
    mkdirSync(path.join(root, "hr"));
    writeFileSync(path.join(root, "hr", "leave.md"), "# Leave\n\nTwenty days a year.\n");
    writeFileSync(path.join(root, "welcome.md"), "# Welcome\n\nHello.\n");
    const [byFolder, oneScope] = sourcesOf(
      `sources:\n  - { name: handbook, type: folder, path: ${JSON.stringify(root)} }\n  - { name: policies, type: folder, path: ${JSON.stringify(root)}, scope: legal }\n`,
    );
    const previous = { documents: new Map(), state: undefined };
    const listed = async (source: typeof byFolder) =>
      (await source?.list({ previous }))?.documents.map((document) => [
        `${source?.keyPrefix}${document.id}`,
        document.scope,
      ]);
    expect(await listed(byFolder)).toEqual([
      ["handbook/hr/leave.md", "hr"],
      ["handbook/welcome.md", "public"],
    ]);
    expect(await listed(oneScope)).toEqual([
      ["policies/hr/leave.md", "legal"],
      ["policies/welcome.md", "legal"],
    ]);
  });
});
