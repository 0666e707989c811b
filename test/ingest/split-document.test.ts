import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDocument } from "../../ingest/load-document.js";
import { FileWithoutContent } from "../../ingest/loaders/reject-file.js";
import { splitDocument } from "../../ingest/split-document.js";
import type { DocumentSection, LoadedDocument } from "../../src/documents/chunk.js";

const file = { source: "hr/leave.md", scope: "hr" };

function section(text: string, headingPath: string[] = [], page: number | null = null): DocumentSection {
  return { text, headingPath, page };
}

function splitTexts(text: string, chunkSize: number, chunkOverlap: number): string[] {
  const document: LoadedDocument = { title: "Leave", sections: [section(text)] };
  return splitDocument(document, file, { chunkSize, chunkOverlap }).map((chunk) => chunk.text);
}

describe("splitDocument", () => {
  it("packs whole paragraphs, never spans sections, and numbers, names and hashes every chunk", () => {
    const document: LoadedDocument = {
      title: "Leave",
      sections: [
        section("Alpha one.\n\nBeta two.\n\n  Gamma three.  ", ["Leave"]),
        section("Delta four.", ["Leave", "Sick"], 2),
      ],
    };
    const chunks = splitDocument(document, file, { chunkSize: 24, chunkOverlap: 0 });
    const expected = [
      { text: "Alpha one.\n\nBeta two.", headingPath: ["Leave"], page: null },
      { text: "Gamma three.", headingPath: ["Leave"], page: null },
      { text: "Delta four.", headingPath: ["Leave", "Sick"], page: 2 },
    ].map((part, position) => ({
      id: `hr/leave.md#${position}`,
      source: "hr/leave.md",
      scope: "hr",
      title: "Leave",
      position,
      contentHash: createHash("sha256").update(part.text).digest("hex").slice(0, 32),
      ...part,
    }));
    expect(chunks).toEqual(expected);
  });

  it("splits an oversized paragraph at sentences and overlaps whole sentences up to chunkOverlap", () => {
    const text = "One is here. Two is here. Three is here. Four is here.";
    expect(splitTexts(text, 30, 14)).toEqual([
      "One is here. Two is here.",
      "Two is here. Three is here.",
      "Three is here. Four is here.",
    ]);
    expect(splitTexts(text, 30, 0)).toEqual(["One is here. Two is here.", "Three is here. Four is here."]);
    // An overlap budget smaller than any sentence repeats nothing rather than half a sentence.
    expect(splitTexts(text, 30, 11)).toEqual(["One is here. Two is here.", "Three is here. Four is here."]);
  });

  it("does not end sentences at abbreviations or before lowercase words", () => {
    expect(splitTexts("Ask Dr. Smith about it. Use e.g. the portal. Then stop.", 30, 0)).toEqual([
      "Ask Dr. Smith about it.",
      "Use e.g. the portal.",
      "Then stop.",
    ]);
  });

  it("cuts a sentence longer than chunkSize at whitespace, and hard only where there is none", () => {
    expect(splitTexts("aaaa bbbb cccc dddd eeee", 10, 3)).toEqual(["aaaa bbbb", "cccc dddd", "eeee"]);
    expect(splitTexts("x".repeat(25), 10, 3)).toEqual(["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
    expect(splitTexts("\u{1F600}".repeat(6), 5, 0)).toEqual([
      "\u{1F600}\u{1F600}",
      "\u{1F600}\u{1F600}",
      "\u{1F600}\u{1F600}",
    ]);
  });

  it("keeps a fenced code block whole, blank lines included, and splits it by lines only when it is too large", () => {
    const text = "Intro line.\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\n\nAfter.";
    expect(splitTexts(text, 45, 20)).toEqual([
      "Intro line.",
      "```js\nconst a = 1;\n\nconst b = 2;\n```\n\nAfter.",
    ]);
    expect(splitTexts("```\nline one;\nline two;\nline three;\n```", 20, 10)).toEqual([
      "```\nline one;",
      "line two;",
      "line three;\n```",
    ]);
  });

  it("respects chunkSize, keeps every sentence, and stays inside its section on a long generated document", () => {
    const sections = Array.from({ length: 5 }, (_, index) =>
      section(
        Array.from(
          { length: 40 },
          (_, sentence) => `Section ${index} sentence ${sentence} says ${"more ".repeat(sentence % 7)}here.`,
        )
          .map((sentence, position) => (position % 6 === 5 ? `${sentence}\n\n` : `${sentence} `))
          .join(""),
        [`Part ${index}`],
        index + 1,
      ),
    );
    const chunks = splitDocument({ title: "Generated", sections }, file, {
      chunkSize: 200,
      chunkOverlap: 60,
    });
    expect(chunks.map((chunk) => chunk.position)).toEqual(chunks.map((_, index) => index));
    for (const chunk of chunks) {
      const source = sections[(chunk.page ?? 0) - 1];
      expect(chunk.text.length).toBeLessThanOrEqual(200);
      expect(chunk.headingPath).toEqual(source?.headingPath);
      expect(source?.text).toContain(chunk.text);
    }
    for (const [index, source] of sections.entries()) {
      const texts = chunks.filter((chunk) => chunk.page === index + 1).map((chunk) => chunk.text);
      for (const sentence of source.text.match(/Section \d+ sentence \d+ says [a-z ]*here\./g) ?? []) {
        expect(texts.some((text) => text.includes(sentence))).toBe(true);
      }
    }
  });

  it("rejects chunk settings that cannot work", () => {
    const document: LoadedDocument = { title: "T", sections: [section("Text.")] };
    expect(() => splitDocument(document, file, { chunkSize: 0, chunkOverlap: 0 })).toThrow(
      "chunkSize must be a positive whole number (got 0)",
    );
    expect(() => splitDocument(document, file, { chunkSize: 100, chunkOverlap: 100 })).toThrow(
      "chunkOverlap must be from 0 to chunkSize - 1 (got 100)",
    );
  });
});

const handbook = join(import.meta.dirname, "../../../shared/data/handbook-18f/pages");

describe.skipIf(!existsSync(handbook))("splitDocument on the 18F handbook (../shared)", () => {
  it("loads every page and splits it into chunks within chunkSize", async () => {
    const files = readdirSync(handbook, { recursive: true, encoding: "utf8" }).filter((name) =>
      name.endsWith(".md"),
    );
    let chunkCount = 0;
    let emptyPages = 0;
    for (const name of files) {
      const source = relative(handbook, join(handbook, name)).split("\\").join("/");
      const document = await loadDocument(source, readFileSync(join(handbook, name))).catch(
        (error: Error) => {
          // A few pages are front matter only (redirects): those, and nothing else, have no content.
          expect(error).toBeInstanceOf(FileWithoutContent);
          return null;
        },
      );
      if (document === null) {
        emptyPages++;
        continue;
      }
      const chunks = splitDocument(
        document,
        { source, scope: "handbook" },
        { chunkSize: 1000, chunkOverlap: 150 },
      );
      for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(1000);
      chunkCount += chunks.length;
    }
    expect(files.length).toBe(246);
    expect(emptyPages).toBe(8);
    expect(chunkCount).toBeGreaterThan(2000);
  });
});
