import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { type FakeChatServer, startFakeChatServer } from "../engines/fake-chat-server.js";
import { projectRoot, runDocent } from "./run-docent.js";

export const sampleDocsDir = path.join(projectRoot, "data/docs");

export interface SampleIndex {
  /** The index folder, set before the file's tests run. */
  readonly indexDir: string;
  /** A loopback OpenAI-compatible server for tests that configure a model. */
  readonly server: FakeChatServer;
  /** The environment that points docent at the sample documents and this index. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** The environment for an OpenAI-compatible engine served by `server`. */
  openAICompatible(): Record<string, string>;
}

/**
 * For a CLI test file: ingests data/docs with `docent ingest` into a temporary index before its tests, starts a
 * loopback chat server, and removes both after them.
 */
export function useSampleIndex(prefix: string): SampleIndex {
  let indexDir = "";
  let server: FakeChatServer | undefined;
  beforeAll(async () => {
    indexDir = await mkdtemp(path.join(tmpdir(), prefix));
    const ingest = await runDocent(["ingest", "--json"], {
      env: { DOCENT_DOCS_DIR: sampleDocsDir, DOCENT_INDEX_DIR: indexDir },
    });
    expect(ingest.code).toBe(0);
    server = await startFakeChatServer();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await rm(indexDir, { recursive: true, force: true });
  });
  const running = () => {
    if (server === undefined) throw new Error("useSampleIndex: the chat server is not started yet");
    return server;
  };
  return {
    get indexDir() {
      return indexDir;
    },
    get server() {
      return running();
    },
    env: (extra = {}) => ({ DOCENT_DOCS_DIR: sampleDocsDir, DOCENT_INDEX_DIR: indexDir, ...extra }),
    openAICompatible: () => ({
      LLM_PROVIDER: "openai-compatible",
      LLM_BASE_URL: `${running().url}/v1`,
      LLM_MODEL: "llama-2-7b-chat",
      LLM_MAX_RETRIES: "0",
    }),
  };
}
