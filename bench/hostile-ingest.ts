import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  writeBlankPagesPdf,
  writeBracketsHeadingMarkdown,
  writeExpandingDocx,
  writeExpandingStreamPdf,
  writeSpacesTitleMarkdown,
} from "../test/ingest/hostile-files.js";
import { describeMachine, repositoryRoot } from "./measure-helpers.js";

/**
 * Worst-case time and peak memory of `docent ingest` on hostile files (issue #11), next to a normal run. Each case
 * is a fresh docs folder (the hostile file plus one good page) and a fresh index, ingested by the built CLI
 * (`node bin/docent.js ingest --json`, so run `npm run build` first) under GNU time, which reports the process's
 * peak resident memory (worker threads included). Prints one line per case: exit status, wall time, peak memory,
 * chunks indexed and the reason given for the hostile file.
 * Usage: npx tsx bench/hostile-ingest.ts [--only NAME-SUBSTRING]
 */
const megabyte = 1024 * 1024;
const goodPage = "# Travel\n\nBook trips through the travel portal at least two weeks ahead.\n";

interface Case {
  name: string;
  files: () => Record<string, Buffer | string>;
  /** A whole folder instead of generated files. */
  folder?: string;
  env?: Record<string, string>;
}

const handbook = path.resolve(repositoryRoot, "../shared/data/handbook-18f");
const cases: Case[] = [
  existsSync(handbook)
    ? { name: "normal: the 18F handbook (251 Markdown pages)", files: () => ({}), folder: handbook }
    : {
        name: "normal: data/docs (sample handbook)",
        files: () => ({}),
        folder: path.join(repositoryRoot, "data/docs"),
      },
  {
    name: "docx expanding to 50 MiB of text",
    files: () => ({ "bomb.docx": writeExpandingDocx(50 * megabyte) }),
  },
  {
    name: "docx expanding to 300 MiB of text",
    files: () => ({ "bomb.docx": writeExpandingDocx(300 * megabyte) }),
  },
  {
    name: "docx expanding to 300 MiB, DOCENT_MAX_ZIP_ENTRY_MB=2000 (the memory limit must stop it)",
    files: () => ({ "bomb.docx": writeExpandingDocx(300 * megabyte) }),
    env: { DOCENT_MAX_ZIP_ENTRY_MB: "2000" },
  },
  {
    name: "docx expanding to 9.5 MiB of text (just under DOCENT_MAX_TEXT_MB: indexed)",
    files: () => ({ "long.docx": writeExpandingDocx(9.5 * megabyte) }),
  },
  {
    name: "text file of 9.9 MB (just under DOCENT_MAX_TEXT_MB: indexed)",
    files: () => ({
      "long.txt": "The travel policy applies to every trip booked through the portal.\n".repeat(150_000),
    }),
  },
  { name: "PDF of 5,000 blank pages", files: () => ({ "blank.pdf": writeBlankPagesPdf(5_000) }) },
  { name: "PDF of 20,000 blank pages (2.6 MB)", files: () => ({ "blank.pdf": writeBlankPagesPdf(20_000) }) },
  {
    name: "PDF of 2,000 blank pages (the page limit: the slowest PDF page tree accepted)",
    files: () => ({ "blank.pdf": writeBlankPagesPdf(2_000) }),
  },
  {
    name: "PDF of 20,000 blank pages, DOCENT_MAX_PDF_PAGES=100000 (the time limit must stop it)",
    files: () => ({ "blank.pdf": writeBlankPagesPdf(20_000) }),
    env: { DOCENT_MAX_PDF_PAGES: "100000" },
  },
  {
    name: "PDF of 4 MB with a stream inflating to 4 GiB",
    files: () => ({ "bomb.pdf": writeExpandingStreamPdf(4 * 1024 * megabyte) }),
  },
  {
    name: "Markdown, front-matter title of 300,000 spaces",
    files: () => ({ "title.md": writeSpacesTitleMarkdown(300_000) }),
  },
  {
    name: "Markdown, heading of 300,000 '['",
    files: () => ({ "heading.md": writeBracketsHeadingMarkdown(300_000) }),
  },
  {
    name: "HTML of 300,000 unclosed '<!--' (1.2 MB)",
    files: () => ({ "comments.html": `<html><body><p>Text.</p>${"<!--".repeat(300_000)}</body></html>` }),
  },
];

interface Measured {
  code: number | null;
  seconds: number;
  peakMegabytes: number;
  stdout: string;
}

/** Runs `docent ingest --json` under GNU time; its report (`%e %M`) is the last line of standard error. */
function measureIngest(docsDir: string, indexDir: string, env: Record<string, string>): Promise<Measured> {
  const child = spawn(
    "/usr/bin/time",
    ["-f", "TIME %e %M", process.execPath, path.join(repositoryRoot, "bin/docent.js"), "ingest", "--json"],
    {
      cwd: repositoryRoot,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        LOG_LEVEL: "warn",
        ...env,
        DOCENT_DOCS_DIR: docsDir,
        DOCENT_INDEX_DIR: indexDir,
      },
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (data: Buffer) => {
    stdout += data.toString();
  });
  child.stderr.on("data", (data: Buffer) => {
    stderr += data.toString();
  });
  return new Promise((resolve) => {
    child.on("close", (code) => {
      const report = /TIME ([\d.]+) (\d+)\s*$/.exec(stderr);
      resolve({
        code,
        seconds: Number(report?.[1] ?? Number.NaN),
        peakMegabytes: Number(report?.[2] ?? Number.NaN) / 1024,
        stdout,
      });
    });
  });
}

function describeOutcome(measured: Measured): string {
  try {
    const summary = JSON.parse(measured.stdout.trim()) as {
      added: number;
      chunks: number;
      failed: Array<{ source: string; reason: string }>;
    };
    const reasons = summary.failed.map((problem) => `${problem.source}: ${problem.reason}`).join("; ");
    return `${summary.added} added, ${summary.chunks} chunks${reasons === "" ? "" : `; failed ${reasons}`}`;
  } catch {
    return "no summary (the run did not finish)";
  }
}

async function main(): Promise<void> {
  if (!existsSync(path.join(repositoryRoot, "dist/ingest/load-sandbox.js"))) {
    console.error("Run `npm run build` first: this bench measures the built CLI (bin/docent.js).");
    process.exit(2);
  }
  const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
  console.log(`machine: ${describeMachine()}`);
  for (const benchCase of cases) {
    if (only !== undefined && !benchCase.name.includes(only)) continue;
    const root = await mkdtemp(path.join(tmpdir(), "docent-hostile-"));
    try {
      const docsDir = path.join(root, "docs");
      if (benchCase.folder !== undefined) await cp(benchCase.folder, docsDir, { recursive: true });
      await mkdir(docsDir, { recursive: true });
      if (benchCase.folder === undefined) await writeFile(path.join(docsDir, "good.md"), goodPage);
      for (const [name, contents] of Object.entries(benchCase.files())) {
        await writeFile(path.join(docsDir, name), contents);
      }
      const measured = await measureIngest(docsDir, path.join(root, "index"), benchCase.env ?? {});
      console.log(
        `${benchCase.name}\n  exit ${measured.code}, ${measured.seconds.toFixed(2)} s, peak ${measured.peakMegabytes.toFixed(0)} MB; ${describeOutcome(measured)}`,
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }
  console.log(`load average at the end: ${describeMachine().split("load average ")[1]}`);
}

await main();
