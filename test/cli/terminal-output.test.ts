import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot, runDocent } from "../helpers/run-docent.js";
import { makeTempFolder } from "../helpers/temp-folder.js";
import { runDocentInTerminal, terminalSkipReason } from "./run-in-terminal.js";

const docsDir = path.join(projectRoot, "data/docs");
let indexDir = "";

beforeAll(async () => {
  indexDir = await mkdtemp(path.join(tmpdir(), "docent-terminal-index-"));
  const ingest = await runDocent(["ingest", "--json"], {
    env: { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir },
  });
  expect(ingest.code).toBe(0);
}, 60_000);

afterAll(async () => {
  await rm(indexDir, { recursive: true, force: true });
});

const jsonLogLine = /\{"level":/;

describe(`in a terminal, logs go to a file and the screen shows only the conversation${terminalSkipReason}`, () => {
  it.skipIf(terminalSkipReason !== "")(
    "npm start's console chat at LOG_LEVEL=info: no log lines, one pointer to the file",
    async () => {
      const state = await makeTempFolder("docent-terminal-state-");
      const run = await runDocentInTerminal(["start"], {
        env: {
          DOCENT_DOCS_DIR: docsDir,
          DOCENT_INDEX_DIR: indexDir,
          DOCENT_STATE_DIR: state,
          LOG_LEVEL: "info",
        },
        input: "How many weeks of paid parental leave do new parents get?\n/quit\n",
      });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("hr/leave-policy.md");
      expect(run.stdout).not.toMatch(jsonLogLine);
      const logFile = path.join(state, "docent.log");
      expect(run.stdout).toContain(`Logs: ${logFile}`);
      expect(await readFile(logFile, "utf8")).toContain('"msg":"question answered"');
    },
    60_000,
  );

  it.skipIf(terminalSkipReason !== "")(
    "docent ask with LOG_LEVEL=info (as .env.example once set it): the answer only",
    async () => {
      const state = await makeTempFolder("docent-terminal-ask-");
      const run = await runDocentInTerminal(["ask", "How do I request leave?"], {
        env: {
          DOCENT_DOCS_DIR: docsDir,
          DOCENT_INDEX_DIR: indexDir,
          DOCENT_STATE_DIR: state,
          LOG_LEVEL: "info",
        },
      });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("Sources:");
      expect(run.stdout).not.toMatch(jsonLogLine);
      expect(await readFile(path.join(state, "docent.log"), "utf8")).toContain('"msg":"question answered"');
    },
    60_000,
  );

  it.skipIf(terminalSkipReason !== "")(
    "docent ask with no LOG_LEVEL: the log file gets the question's line (info), the screen only the answer",
    async () => {
      const state = await makeTempFolder("docent-terminal-default-");
      const run = await runDocentInTerminal(["ask", "How do I request leave?"], {
        env: { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir, DOCENT_STATE_DIR: state },
      });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("Sources:");
      expect(run.stdout).not.toMatch(jsonLogLine);
      expect(run.stdout).not.toContain("warning"); // an info line is no warning to report at the end
      const log = await readFile(path.join(state, "docent.log"), "utf8");
      expect(log).toMatch(/"level":"info".*"msg":"question answered"/);
    },
    60_000,
  );
});
