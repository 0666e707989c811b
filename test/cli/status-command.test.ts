import { copyFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findClosedPort } from "../embeddings/fake-embedding-server.js";
import { projectRoot, runDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

const docsDir = path.join(projectRoot, "data/docs");

describe("docent status", () => {
  it("runs in a fresh folder with .env copied from .env.example, and says there is no index yet", async () => {
    const folder = await makeTempFolder("docent-status-fresh-");
    await copyFile(path.join(projectRoot, ".env.example"), path.join(folder, ".env"));
    // No `docent` on the PATH and no node_modules here: the hint must be the command that works from this folder.
    const run = await runDocent(["status"], { cwd: folder, env: { PATH: folder } });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `Index:       none yet in ${path.join(folder, "data/index")}: run \`node ${path.join(projectRoot, "bin/docent.js")} ingest\``,
    );
    expect(run.stdout).toContain("Engine:      extractive: no language model; answers quote the documents");
    expect(run.stdout).toContain("Platforms:   none configured");
    expect(run.stdout).toContain(
      `Access file: none (${path.join(folder, "config/access.yaml")} does not exist): Slack and Discord ` +
        'conversations see only "public" and nobody may reindex from chat (README: Access)',
    );
    // `status --help` says the same: a missing index is reported with exit status 0.
    const help = await runDocent(["status", "--help"]);
    expect(help.stdout).toContain("0  reported (no index yet, or an engine that is not ready, is reported");
    expect(help.stdout).not.toMatch(/1 .*no index/);
  });

  it("shows the same facts as the bots' status, with every scope, and the scopes the bots cannot search", async () => {
    const folder = await makeTempFolder("docent-status-");
    const env = { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: path.join(folder, "index") };
    expect((await runDocent(["ingest", "--json"], { env })).code).toBe(0);
    const closed = await findClosedPort();
    const json = await runDocent(["status", "--json"], {
      env: {
        ...env,
        DOCENT_ACCESS_FILE: path.join(folder, "access.yaml"),
        LLM_PROVIDER: "ollama",
        LLM_BASE_URL: `http://127.0.0.1:${closed}`,
        SLACK_BOT_TOKEN: "xoxb-status",
        SLACK_APP_TOKEN: "xapp-status",
      },
    });
    expect(json.code, json.stderr).toBe(0);
    const status = JSON.parse(json.stdout);
    expect(status).toMatchObject({
      documents: 20,
      documentsByScope: { engineering: 6, hr: 5, public: 9 },
      embedder: expect.stringMatching(/^local:/),
      engine: "ollama:llama2",
      engineReachable: {
        reachable: false,
        detail: `nothing answers at http://127.0.0.1:${closed}: connection refused (ECONNREFUSED)`,
      },
      platforms: ["slack"],
      lastIngest: { added: 20, failed: 0 },
      scopesWithoutAccess: ["engineering", "hr"],
    });
    expect(Object.values(status.scopes as Record<string, number>).reduce((a, b) => a + b)).toBe(
      status.chunks,
    );
    expect(json.stdout).not.toContain("xoxb-status");

    const text = await runDocent(["status"], { env });
    expect(text.stdout).toContain(`Docs folder: ${docsDir}\n`);
    expect(text.stdout).toContain("Platforms:   none configured");
    expect(text.stdout).toMatch(/Scopes: +engineering: 6 documents, \d+ chunks\n +hr: 5 documents/);
    expect(text.stdout).toContain(
      "Slack and Discord cannot search the scopes engineering, hr (11 documents)",
    );
    expect(text.stdout).toContain("there is no access file");

    await writeFiles(folder, {
      "access.yaml": "slack:\n  channels:\n    C0HR: [hr]\ndiscord:\n  roles:\n    '1': [engineering]\n",
    });
    const granted = await runDocent(["status"], {
      env: { ...env, DOCENT_ACCESS_FILE: path.join(folder, "access.yaml") },
    });
    expect(granted.stdout).not.toContain("cannot search");
  }, 60_000);
});
