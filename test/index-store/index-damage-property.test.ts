import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot, spawnCollecting, typescriptLoader } from "../helpers/run-docent.js";
import { makeTempFolder } from "../helpers/temp-folder.js";

/**
 * The property behind every damaged-index fix: whatever single bit is flipped, whatever range is zeroed and wherever
 * a file is cut, in any file of an index (CURRENT and each file of the current generation), `docent search` ends by
 * itself, without a crash or a stack trace, and either answers exactly as the undamaged index does (from the
 * generation kept before, or because the damage changed nothing it reads) or says, in the INDEX_CORRUPT sentence,
 * what is damaged and that `docent ingest` rebuilds it. A generation written before manifests recorded checksums
 * may answer differently, but never crashes or hangs: there only the files' own checks stand before hnswlib.
 *
 * Seeded, so every run damages the same bytes (about 110 cases). The cases run in one child process (index-damage-
 * cases.ts) through the CLI's main(): a crash kills that process and a hang stops its output, and either fails the
 * test naming the case it was in.
 */
const seed = 22;
const caseTimeoutMs = 30_000;

interface CaseLine {
  start?: number;
  done?: number;
  finished?: number;
  baseline?: { code: number; stdout: string };
  variant?: string;
  file?: string;
  damage?: string;
  code?: number;
  stdout?: string;
  stderr?: string;
}

describe("an index with any file damaged at random", () => {
  it("is answered correctly or refused with the sentence, never crashed on or hung on", async () => {
    const work = await makeTempFolder("docent-damage-property-");
    const run = spawnCollecting(
      process.execPath,
      [
        "--import",
        typescriptLoader,
        path.join(projectRoot, "test/index-store/index-damage-cases.ts"),
        work,
        String(seed),
      ],
      { cwd: work, env: { PATH: process.env.PATH ?? "", HOME: work, LOG_LEVEL: "fatal" } },
    );
    const lines: CaseLine[] = [];
    let buffered = "";
    let hung = false;
    let watchdog = setTimeout(() => undefined, 0);
    const rearm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        hung = true;
        run.child.kill("SIGKILL");
      }, caseTimeoutMs);
    };
    rearm();
    run.child.stdout?.on("data", (data: Buffer) => {
      buffered += data.toString();
      const complete = buffered.split("\n");
      buffered = complete.pop() ?? "";
      for (const line of complete) lines.push(JSON.parse(line) as CaseLine);
      rearm();
    });
    const ended = await run.done;
    clearTimeout(watchdog);

    const started = lines.filter((line) => line.start !== undefined);
    const last = started.at(-1);
    const where = last
      ? `case ${last.start}: ${last.variant} ${last.file} ${last.damage}`
      : "building the indexes";
    expect(hung, `hung in ${where}`).toBe(false);
    expect(ended.signal, `crashed (${ended.signal}) in ${where}\n${ended.stderr.slice(-2000)}`).toBeNull();
    expect(ended.code, `failed in ${where}\n${ended.stderr.slice(-2000)}`).toBe(0);
    const finished = lines.find((line) => line.finished !== undefined)?.finished;
    expect(finished).toBe(started.length);
    expect(started.length).toBeGreaterThan(100);

    const baseline = lines.find((line) => line.baseline)?.baseline;
    expect(baseline?.code).toBe(0);
    expect(baseline?.stdout).toMatch(/"source":"public\/parking.md"/);
    const outcomes = { answered: 0, answeredWithWarning: 0, refused: 0 };
    for (const done of lines.filter((line) => line.done !== undefined)) {
      const what = lines.find((line) => line.start === done.done);
      const label = `${what?.variant} ${what?.file} ${what?.damage}: exit ${done.code}\n${done.stderr}`;
      expect(done.stderr, label).not.toMatch(/unexpected error|^\s+at /m);
      if (done.code === 1) {
        expect(done.stderr, label).toMatch(
          /^docent: .*(is damaged|cannot be read|not in the expected format|format \d+).*docent(?:\.js)? ingest/,
        );
        expect(what?.variant, label).not.toBe("two");
        outcomes.refused++;
        continue;
      }
      expect(done.code, label).toBe(0);
      if (what?.variant === "legacy") {
        expect(done.stdout, label).toMatch(/^\{"question":.*"results":\[/);
      } else {
        expect(done.stdout, label).toBe(baseline?.stdout);
      }
      if (done.stderr === "") {
        outcomes.answered++;
      } else {
        expect(done.stderr, label).toMatch(
          /^docent: warning: .*Run `(?:npx docent|node \S+docent\.js|docent) ingest` to rebuild the index\. Until then, answers come from the generation gen-[\w-]+\.\n$/,
        );
        outcomes.answeredWithWarning++;
      }
    }
    // Most damage is caught (a flip in CURRENT's newline, or in a legacy graph's vector values, changes nothing read).
    expect(outcomes.answeredWithWarning + outcomes.refused).toBeGreaterThan(outcomes.answered);
    console.log(`${started.length} damaged indexes: ${JSON.stringify(outcomes)}`);
  }, 300_000);
});
