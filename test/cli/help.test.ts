import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot, runDocent } from "../helpers/run-docent.js";

const commands = {
  ingest: ["--docs", "--index", "--rebuild", "--json", "--verbose"],
  search: ["--index", "--top", "--scope", "--json"],
  ask: ["--index", "--scope", "--json"],
  chat: ["--index", "--scope", "--json"],
  start: [],
  status: ["--index", "--json"],
  doctor: ["--index", "--json"],
  rollback: ["--index"],
  feedback: ["--json"],
};

describe("docent COMMAND --help", () => {
  for (const [command, flags] of Object.entries(commands)) {
    it(`${command}: usage, every flag, examples and exit codes, exit 0`, async () => {
      const run = await runDocent([command, "--help"]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe("");
      expect(run.stdout).toContain(`Usage: docent ${command}`);
      for (const flag of flags) expect(run.stdout).toContain(flag);
      expect(run.stdout).toContain("Examples:");
      expect(run.stdout).toMatch(/Exit status:\n {2}0 /);
      expect(run.stdout).not.toContain("Ask a question");
      expect((await runDocent(["help", command])).stdout).toBe(run.stdout);
      expect((await runDocent([command, "-h"])).stdout).toBe(run.stdout);
    });
  }

  it("the overview lists every command, and a wrong option points at the command's help", async () => {
    const overview = await runDocent(["--help"]);
    expect(overview.code).toBe(0);
    for (const command of Object.keys(commands)) expect(overview.stdout).toContain(`docent ${command}`);
    // Run in the project folder with no `docent` on the PATH: the help it points at is `npx docent ...`.
    const wrong = await runDocent(["search", "--colour", "question"], { env: { PATH: "/nonexistent" } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(
      "docent search: unknown option --colour. See `npx docent search --help` for the options.\n",
    );
    const missing = await runDocent(["ingest", "--docs"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("docent ingest: --docs needs a value (--docs DIR)");
    const extra = await runDocent(["rollback", "now"]);
    expect(extra.code).toBe(1);
    expect(extra.stderr).toContain('docent rollback: unexpected argument "now"');
  });

  it("docent --version prints the version from package.json", async () => {
    const { version } = JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8")) as {
      version: string;
    };
    for (const flag of ["--version", "-v", "version"]) {
      const run = await runDocent([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`docent ${version}\n`);
    }
  });
});
