import { openSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { projectRoot, runDocent, spawnCollecting } from "../helpers/run-docent.js";
import { useSampleIndex } from "../helpers/sample-index.js";

/**
 * What the command line takes from outside: --scope lists, questions as arguments and lines of standard input.
 * An empty scope list is refused (it meant every scope), questions have the chat platforms' length limit, and
 * standard input is read a bounded line at a time: an over-long line is refused without being gathered whole, and
 * one bad line does not end the others.
 */
const sample = useSampleIndex("docent-question-input-");
const typescriptLoader = pathToFileURL(path.join(projectRoot, "node_modules/tsx/dist/loader.mjs")).href;
const tooLong = "That question is too long for me: please ask it in 4,000 characters or fewer.";

describe("--scope from outside", () => {
  it("refuses a scope list that names no scope instead of searching every scope", async () => {
    for (const value of ["", ",", " ", " , "]) {
      const run = await runDocent(["search", "--json", "--scope", value, "CEO salary"], {
        env: sample.env(),
      });
      expect(run.code, `--scope ${JSON.stringify(value)}`).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(
        `docent search: --scope ${JSON.stringify(value)} names no scope. Name at least one (--scope public,hr), or leave the flag out to search every scope.`,
      );
    }
    const ask = await runDocent(["ask", "--scope", "", "CEO salary"], { env: sample.env() });
    expect([ask.code, ask.stdout]).toEqual([1, ""]);
    expect(ask.stderr).toContain('docent ask: --scope "" names no scope.');
  });

  it("refuses a name no folder can have, and searches only the scopes named", async () => {
    const wrong = await runDocent(["search", "--scope", "public,h r", "CEO salary"], { env: sample.env() });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('docent search: --scope names "h r", which is not a scope name');
    const run = await runDocent(["search", "--json", "--scope", "public", "CEO salary"], {
      env: sample.env(),
    });
    expect(run.code, run.stderr).toBe(0);
    const { results } = JSON.parse(run.stdout) as { results: Array<{ scope: string }> };
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((result) => result.scope === "public")).toBe(true);
  });
});

describe("--top from outside", () => {
  it("takes a plain whole number only (0x10 and 1e1 were read as 16 and 10)", async () => {
    for (const value of ["0x10", "1e1"]) {
      const run = await runDocent(["search", "--top", value, "parking"], { env: sample.env() });
      expect([run.code, run.stderr.trim()]).toEqual([
        1,
        "docent search: --top takes a whole number from 1 to 1000",
      ]);
    }
  });
});

describe("questions as arguments", () => {
  it("refuses a question over DOCENT_MAX_QUESTION_CHARS with the chat platforms' sentence", async () => {
    const question = `What is the parental leave policy? ${"Please explain. ".repeat(300)}`;
    for (const command of ["ask", "search"]) {
      const run = await runDocent([command, question], { env: sample.env() });
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr.trim()).toBe(`docent ${command}: ${tooLong}`);
    }
    const raised = await runDocent(["search", "--json", question], {
      env: sample.env({ DOCENT_MAX_QUESTION_CHARS: "10000" }),
    });
    expect(raised.code, raised.stderr).toBe(0);
  });
});

describe("questions on standard input", () => {
  it("refuses an over-long line (1 MB) at once and answers the lines around it, exit status 2", async () => {
    const input = `parental leave\n${"x".repeat(1024 * 1024)}\nexpense report\n`;
    for (const command of [
      ["search", "--json"],
      ["chat", "--json"],
    ]) {
      const run = await runDocent(command, { env: sample.env(), input });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(`docent ${command[0]}: line 2: ${tooLong}`);
      expect(run.stdout.trim().split("\n")).toHaveLength(2);
    }
  }, 120_000);

  it("reads a never-ending line (/dev/zero) in bounded memory: the sentence at once, no stack trace", async () => {
    const started = spawnCollecting(
      process.execPath,
      [
        "--import",
        typescriptLoader,
        path.join(projectRoot, "test/helpers/docent-entry.ts"),
        "chat",
        "--json",
      ],
      {
        cwd: projectRoot,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...sample.env() },
        stdio: [openSync("/dev/zero", "r"), "pipe", "pipe"],
      },
    );
    const deadline = Date.now() + 60_000;
    while (!started.stderr().includes(tooLong) && started.child.exitCode === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Line 1 never ends: the command keeps reading and dropping it. Once it has read 256 MiB more, its memory is
    // still small (it gathered the line, and died at 634 MB with a RangeError, before).
    expect(started.child.exitCode, started.stderr()).toBeNull();
    const pid = started.child.pid ?? 0;
    const readSoFar = () => Number(/^rchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, "utf8"))?.[1] ?? 0);
    const target = readSoFar() + 256 * 1024 * 1024;
    while (readSoFar() < target && started.child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const residentKb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
    expect(residentKb).toBeLessThan(400 * 1024);
    started.child.kill("SIGTERM");
    const run = await started.done;
    expect(run.stderr).toContain(`docent chat: line 1: ${tooLong}`);
    expect(run.stderr).not.toContain("RangeError");
    expect(run.stderr).not.toMatch(/^\s+at /m);
  }, 90_000);
});
