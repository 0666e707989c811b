import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { generatedDocuments, generateSampleDocuments } from "../scripts/generate-sample-documents.js";
import { benefitsSummaryPages } from "../scripts/sample-documents/benefits-summary-pdf.js";
import { readSampleQuestions } from "./helpers/sample-questions.js";
import { makeTempFolder } from "./helpers/temp-folder.js";

const repositoryRoot = fileURLToPath(new URL("..", import.meta.url));
const docsRoot = path.join(repositoryRoot, "data", "docs");
const generatedPaths = generatedDocuments.map((document) => document.relativePath);

/** Every file under data/docs, relative, forward slashes, sorted. */
const docsFiles = readdirSync(docsRoot, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => path.relative(docsRoot, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
  .sort();
const markdownFiles = docsFiles.filter((file) => file.endsWith(".md"));

function scopeOf(relativePath: string): string {
  const parts = relativePath.split("/");
  return parts.length > 1 ? (parts[0] ?? "public") : "public";
}

function normalize(text: string): string {
  return text.replace(/\s+/g, " ").toLowerCase();
}

/** The text a question's phrase is checked against: the file for Markdown and HTML, the generator's words otherwise. */
function sourceTextOf(relativePath: string): string {
  const generated = generatedDocuments.find((document) => document.relativePath === relativePath);
  if (generated !== undefined && !relativePath.endsWith(".html")) return generated.sourceText;
  return readFileSync(path.join(docsRoot, relativePath), "utf8");
}

function readMarkdown(relativePath: string): { frontMatter: unknown; body: string } {
  const text = readFileSync(path.join(docsRoot, relativePath), "utf8");
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (match === null) return { frontMatter: undefined, body: text };
  return { frontMatter: parseYaml(match[1] ?? ""), body: match[2] ?? "" };
}

/** ATX headings outside fenced code blocks. */
function headingsOf(body: string): string[] {
  const headings: string[] = [];
  let inFence = false;
  for (const line of body.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    else if (!inFence && /^#{1,6} \S/.test(line)) headings.push(line);
  }
  return headings;
}

describe("generated sample documents", () => {
  it("are the same bytes on every run", async () => {
    const first = await makeTempFolder("docent-samples-");
    const second = await makeTempFolder("docent-samples-");
    await generateSampleDocuments(first);
    // DOS timestamps in zip files have a two-second resolution: wait so that a clock-dependent writer shows up.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await generateSampleDocuments(second);
    for (const relativePath of generatedPaths) {
      const firstBytes = await readFile(path.join(first, relativePath));
      const secondBytes = await readFile(path.join(second, relativePath));
      expect(firstBytes.equals(secondBytes), `${relativePath} differs between runs`).toBe(true);
    }
  });

  it("are committed up to date under data/docs", async () => {
    const folder = await makeTempFolder("docent-samples-");
    await generateSampleDocuments(folder);
    for (const relativePath of generatedPaths) {
      const fresh = await readFile(path.join(folder, relativePath));
      const committed = await readFile(path.join(docsRoot, relativePath));
      expect(committed.equals(fresh), `${relativePath} is stale: run npm run samples`).toBe(true);
    }
  });

  it("are written by the command line into the directory given as its argument", async () => {
    const folder = await makeTempFolder("docent-samples-");
    const tsx = path.join(repositoryRoot, "node_modules", ".bin", "tsx");
    await promisify(execFile)(tsx, ["scripts/generate-sample-documents.ts", folder], { cwd: repositoryRoot });
    const written = readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) =>
        path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"),
      );
    expect(written.sort()).toEqual([...generatedPaths].sort());
  });

  it("include one HTML, one PDF and one DOCX document, in three different scopes", () => {
    const extensions = generatedPaths.map((file) => path.extname(file)).sort();
    expect(extensions).toEqual([".docx", ".html", ".pdf"]);
    expect(new Set(generatedPaths.map(scopeOf))).toEqual(new Set(["public", "hr", "engineering"]));
  });

  it("give the HTML page the parts a loader has to handle", () => {
    const html = readFileSync(path.join(docsRoot, "public/tools-directory.html"), "utf8");
    for (const tag of ["<title>", "<nav", "<main>", "<h1>", "<h2>", "<script>", "<style>"]) {
      expect(html, tag).toContain(tag);
    }
    expect(html).toMatch(/&(amp|mdash|copy);/);
  });
});

describe("Markdown sample documents", () => {
  it("hold only Markdown files and the generated documents, and no README", () => {
    expect(docsFiles.filter((file) => !file.endsWith(".md"))).toEqual([...generatedPaths].sort());
    expect(docsFiles.filter((file) => /readme/i.test(file))).toEqual([]);
    expect(markdownFiles.length).toBeGreaterThanOrEqual(12);
    expect(markdownFiles.length).toBeLessThanOrEqual(18);
  });

  it.each(markdownFiles)("%s has a front-matter title, two or more headings and 300-1200 words", (file) => {
    const { frontMatter, body } = readMarkdown(file);
    expect(frontMatter).toEqual(expect.objectContaining({ title: expect.stringMatching(/\S/) }));
    expect(headingsOf(body).length).toBeGreaterThanOrEqual(2);
    const words = body.split(/\s+/).filter((word) => /\w/.test(word)).length;
    expect(words).toBeGreaterThanOrEqual(300);
    expect(words).toBeLessThanOrEqual(1200);
  });
});

const questions = readSampleQuestions();
const answerable = questions.filter((question) => question.expectedSource !== null);

describe("sample questions fixture", () => {
  it("has 25-40 questions with unique ids, covering every scope and some unanswerable ones", () => {
    expect(questions.length).toBeGreaterThanOrEqual(25);
    expect(questions.length).toBeLessThanOrEqual(40);
    expect(new Set(questions.map((question) => question.id)).size).toBe(questions.length);
    const countOf = (scope: string | null) => questions.filter((question) => question.scope === scope).length;
    expect(countOf("hr")).toBeGreaterThanOrEqual(3);
    expect(countOf("engineering")).toBeGreaterThanOrEqual(3);
    expect(countOf(null)).toBeGreaterThanOrEqual(2);
    for (const question of questions.filter((entry) => entry.expectedSource === null)) {
      expect(question, question.id).toMatchObject({ scope: null, expectedPhrase: null, page: null });
    }
  });

  it.each(answerable)("$id names an existing source, its scope, and a phrase found in it", (question) => {
    const source = question.expectedSource ?? "";
    expect(docsFiles).toContain(source);
    expect(question.scope).toBe(scopeOf(source));
    expect(question.expectedPhrase).toMatch(/\S{2}/);
    expect(normalize(sourceTextOf(source))).toContain(normalize(question.expectedPhrase ?? ""));
  });

  it("gives PDF questions the one page that holds the phrase, and other questions no page", () => {
    for (const question of answerable) {
      if (!question.expectedSource?.endsWith(".pdf")) {
        expect(question.page, question.id).toBeNull();
        continue;
      }
      const phrase = normalize(question.expectedPhrase ?? "");
      const pagesWithPhrase = benefitsSummaryPages
        .map((lines, index) => ({ page: index + 1, text: normalize(lines.join("\n")) }))
        .filter((page) => page.text.includes(phrase))
        .map((page) => page.page);
      expect(pagesWithPhrase, question.id).toEqual([question.page]);
    }
  });

  it("uses phrases for hr and engineering questions that no public document contains", () => {
    const publicTexts = docsFiles
      .filter((file) => scopeOf(file) === "public")
      .map((file) => ({ file, text: normalize(sourceTextOf(file)) }));
    const restricted = answerable.filter((question) => question.scope !== "public");
    expect(restricted.length).toBeGreaterThan(0);
    for (const question of restricted) {
      const phrase = normalize(question.expectedPhrase ?? "");
      const leaks = publicTexts
        .filter((document) => document.text.includes(phrase))
        .map((document) => document.file);
      expect(leaks, `${question.id} "${question.expectedPhrase}"`).toEqual([]);
    }
  });
});
