import { describe, expect, it } from "vitest";
import { baseForms } from "../../../src/understanding/related-words.js";
import { wordNetKnows } from "../../../src/understanding/spelling/wordnet-lemmas.js";
import { possibleBaseForms } from "../../../src/understanding/word-forms.js";

describe("wordNetKnows", () => {
  it("knows a word WordNet has, in any of its forms, and not a typo or a made-up name", () => {
    for (const word of ["wallaby", "wallabies", "sabbatical", "reimbursed", "children", "paid"]) {
      expect(wordNetKnows(word), word).toBe(true);
    }
    for (const word of ["hearin", "servises", "helth", "zorblax", "quokkaline"]) {
      expect(wordNetKnows(word), word).toBe(false);
    }
  });

  it("agrees with WordNet's own index files", () => {
    const words = [
      "dental",
      "vision",
      "copay",
      "telehealth",
      "onboarding",
      "carnaval",
      "carnival",
      "paternity",
    ];
    for (const word of words) expect(wordNetKnows(word), word).toBe(baseForms(word).length > 0);
  });

  it("reads a word that names an object's property as a word ('constructor' is no irregular form)", () => {
    expect(possibleBaseForms("constructor")).toEqual(["constructor"]);
    expect(wordNetKnows("constructor")).toBe(true);
  });
});
