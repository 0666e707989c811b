/**
 * Writes the sample corpus's non-Markdown documents (HTML, PDF, DOCX) under a docs directory, deterministically:
 * the same bytes on every run. Usage: `npm run samples`, or `tsx scripts/generate-sample-documents.ts <dir>` to
 * write them elsewhere (the tests regenerate into a temporary directory and compare with the committed files).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { writeDocx } from "./docx-writer.js";
import { writePdf } from "./pdf-writer.js";
import {
  benefitsSummaryPages,
  benefitsSummaryPath,
  benefitsSummaryTitle,
} from "./sample-documents/benefits-summary-pdf.js";
import {
  databaseFailoverRunbookBlocks,
  databaseFailoverRunbookPath,
} from "./sample-documents/database-failover-runbook-docx.js";
import { toolsDirectoryHtml, toolsDirectoryPath } from "./sample-documents/tools-directory-html.js";

export interface GeneratedDocument {
  /** Path relative to the docs root, forward slashes. */
  relativePath: string;
  /** The document's words as written by the generator, for checking which facts each file holds. */
  sourceText: string;
  render(): Promise<Buffer>;
}

export const defaultDocsDirectory = fileURLToPath(new URL("../data/docs", import.meta.url));

export const generatedDocuments: readonly GeneratedDocument[] = [
  {
    relativePath: toolsDirectoryPath,
    sourceText: toolsDirectoryHtml,
    render: async () => Buffer.from(toolsDirectoryHtml, "utf8"),
  },
  {
    relativePath: benefitsSummaryPath,
    sourceText: benefitsSummaryPages.map((lines) => lines.join("\n")).join("\n\n"),
    render: async () => writePdf({ title: benefitsSummaryTitle, pages: benefitsSummaryPages }),
  },
  {
    relativePath: databaseFailoverRunbookPath,
    sourceText: databaseFailoverRunbookBlocks.map((block) => block.text).join("\n\n"),
    render: () => writeDocx(databaseFailoverRunbookBlocks),
  },
];

/** Writes every generated document under outputDirectory and returns the absolute paths written. */
export async function generateSampleDocuments(outputDirectory: string): Promise<string[]> {
  const written: string[] = [];
  for (const document of generatedDocuments) {
    const target = path.join(outputDirectory, ...document.relativePath.split("/"));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, await document.render());
    written.push(target);
  }
  return written;
}

async function main(): Promise<void> {
  const outputDirectory = path.resolve(process.argv[2] ?? defaultDocsDirectory);
  const written = await generateSampleDocuments(outputDirectory);
  for (const file of written) console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

const entryPoint = process.argv[1];
if (entryPoint !== undefined && import.meta.url === pathToFileURL(path.resolve(entryPoint)).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
