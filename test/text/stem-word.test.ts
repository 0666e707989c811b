import { describe, expect, it } from "vitest";
import { stemWord } from "../../src/text/stem-word.js";

describe("stemWord (Porter)", () => {
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
