import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { indexWords } from "../../src/answer/indexed-words.js";
import { tokenizeWords } from "../../src/text/tokenize.js";

const repository = path.resolve(import.meta.dirname, "../..");
const handbook = path.resolve(repository, "../shared/data/handbook-18f/pages");

async function markdownFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".md"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Texts where reading piece by piece could go wrong: marks after spaces, compatibility spaces, ligatures, CJK. */
const awkward = [
  "caf\u00e9 cafe\u0301 na\u00efve \u0301accent after a space",
  "no\u00a0break\u2002en\u2003em\u3000ideographic\u202fnarrow\ufeffbom",
  "\u00a8diaeresis \u00b4acute \ufb01nance \uff21\uff22\uff23 fullwidth \u2474 \u2460",
  "\u65e5\u672c\u8a9e\u306e\u6587\u7ae0 \u4e2d\u6587 \u6f22\u5b57",
  "Wi-Fi e-mail max_tokens claude-3-haiku v1/messages camelCaseWord HTTPServer e.g. i.e.",
  "tab\tline\nfeed\r\nvertical\u000bform\u000cnext\u0085line\u2028sep\u2029para",
  "",
  "   ",
];

describe("indexWords", () => {
  it("reads a text piece by piece to the same terms, in the same order, as the tokenizer reads it whole", async () => {
    const folders = [path.join(repository, "data/docs"), ...(existsSync(handbook) ? [handbook] : [])];
    const texts = [...awkward];
    for (const folder of folders) {
      for (const file of await markdownFiles(folder)) texts.push(await readFile(file, "utf8"));
    }
    expect(texts.length).toBeGreaterThan(awkward.length + 10);
    for (const text of texts) {
      const whole = tokenizeWords(text);
      const pieces = text.split(/\s+/).flatMap((piece) => tokenizeWords(piece));
      expect(pieces).toEqual(whole);
      // Read twice: the second reading comes from the remembered pieces.
      for (let reading = 0; reading < 2; reading++) {
        expect([...indexWords(text).terms]).toEqual([...new Set(whole.map((word) => word.term))]);
      }
    }
  });

  it("holds each word's base forms, a hyphenated word also written together", () => {
    const words = indexWords("Our kids' Wi-Fi passwords, and the children\u00a0booked rooms.");
    for (const form of [
      "kids",
      "kid",
      "wifi",
      "passwords",
      "password",
      "children",
      "child",
      "booked",
      "book",
    ]) {
      expect(words.forms.has(form), form).toBe(true);
    }
    expect(words.terms.has("wifi")).toBe(true);
  });
});
