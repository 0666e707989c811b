import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findClosedPort } from "../embeddings/fake-embedding-server.js";
import { closeServer } from "../helpers/loopback-http.js";
import { projectRoot, runDocent, spawnCollecting } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

const docsDir = path.join(projectRoot, "data/docs");
let indexDir = "";
let env: Record<string, string> = {};

beforeAll(async () => {
  indexDir = await mkdtemp(path.join(tmpdir(), "docent-clean-output-"));
  env = { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir };
  expect((await runDocent(["ingest", "--json"], { env })).code).toBe(0);
}, 60_000);

afterAll(async () => {
  await rm(indexDir, { recursive: true, force: true });
});

describe("standard output holds only the command's own output; operator mistakes get a sentence", () => {
  it("a proxy answering Ollama's API with HTML: ask --json prints one JSON line, nothing from the Ollama client", async () => {
    const proxy: Server = createServer((_request, response) => {
      response.writeHead(502, { "content-type": "text/html" });
      response.end("<html><body>502 Bad Gateway</body></html>");
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      const port = (proxy.address() as { port: number }).port;
      const run = await runDocent(["ask", "--json", "How do I request leave?"], {
        env: {
          ...env,
          LLM_PROVIDER: "ollama",
          LLM_BASE_URL: `http://127.0.0.1:${port}`,
          LLM_MAX_RETRIES: "0",
        },
      });
      expect(run.code, run.stderr).toBe(0);
      const lines = run.stdout.trim().split("\n");
      expect(lines, run.stdout).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? "")).toMatchObject({ outcome: expect.any(String) });
      expect(run.stdout).not.toContain("Getting text from response");
    } finally {
      await closeServer(proxy);
    }
  });

  it("an Ollama engine that is down: warnings without stack traces", async () => {
    const port = await findClosedPort();
    const run = await runDocent(["ask", "How do I request leave?"], {
      env: { ...env, LLM_PROVIDER: "ollama", LLM_BASE_URL: `http://127.0.0.1:${port}`, LLM_MAX_RETRIES: "0" },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("The language model is not reachable right now.");
    expect(run.stderr).toContain("ENGINE_UNAVAILABLE");
    expect(run.stderr).not.toMatch(/"stack"|\n\s+at /);
  });

  it("--index pointing at a file, or under one: one sentence, no stack trace", async () => {
    const folder = await makeTempFolder("docent-index-file-");
    await writeFiles(folder, { "notes.txt": "not a folder" });
    const file = path.join(folder, "notes.txt");
    for (const index of [file, path.join(file, "index")]) {
      for (const command of [["ingest"], ["search", "leave"], ["status"]]) {
        const run = await runDocent([...command, "--index", index], { env: { DOCENT_DOCS_DIR: docsDir } });
        expect(run.code, run.stderr).toBe(1);
        expect(run.stderr).toBe(
          `docent: the index folder ${index} cannot be used: ${file} is a file, not a folder. ` +
            "Point --index or DOCENT_INDEX_DIR at a folder (it is created if missing).\n",
        );
      }
    }
  });

  it("a closed pipe ends the command at once, quietly (docent search | head -1)", async () => {
    const loader = pathToFileURL(path.join(projectRoot, "node_modules/tsx/dist/loader.mjs")).href;
    const entry = path.join(projectRoot, "test/helpers/docent-entry.ts");
    const { child, done } = spawnCollecting(
      process.execPath,
      ["--import", loader, entry, "search", "--json"],
      {
        env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", ...env },
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    child.stdin?.write("parental leave\n");
    await new Promise<void>((resolve) => child.stdout?.once("data", () => resolve()));
    child.stdout?.destroy();
    // Standard input stays open: only the closed output can end the command.
    child.stdin?.on("error", () => undefined);
    const timer = setInterval(() => child.stdin?.write("parental leave\n"), 100);
    const run = await done.finally(() => clearInterval(timer));
    child.stdin?.destroy();
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
  });
});
