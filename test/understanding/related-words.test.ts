import { describe, expect, it } from "vitest";
import { baseForms, partOfSpeechWeight, relatedTerms } from "../../src/understanding/related-words.js";
import { WordNet } from "../../src/understanding/wordnet.js";

const closeness = (word: string, other: string) =>
  relatedTerms(word).find((related) => related.word === other)?.strength ?? 0;

describe("WordNet", () => {
  const net = WordNet.open();

  it("finds lemmas by binary search, the first and last of an index included", () => {
    expect(net.lookUp("kid").map((entry) => entry.pos)).toEqual(["noun", "verb"]);
    expect(net.lookUp("sign up")[0]?.pos).toBe("verb");
    expect(net.lookUp("a cappella").length).toBeGreaterThan(0);
    expect(net.lookUp("zyrian").length).toBeGreaterThan(0);
    expect(net.lookUp("kubernetes")).toEqual([]);
    expect(net.lookUp("")).toEqual([]);
  });

  it("reads a synset's words, gloss and pointers at its offset", () => {
    const [entry] = net.lookUp("sabbatical");
    const synset = net.synset(entry?.pos ?? "noun", entry?.offsets[0] ?? 0);
    expect(synset.words).toContain("sabbatical");
    expect(synset.gloss).toMatch(/leave/);
    expect(synset.pointers.some((pointer) => pointer.symbol === "@")).toBe(true);
  });
});

describe("relatedTerms", () => {
  it("relates synonyms closely, and what a place is part of less closely", () => {
    expect(closeness("kids", "child")).toBeGreaterThanOrEqual(0.9);
    expect(closeness("yearly", "annual")).toBeGreaterThanOrEqual(0.9);
    expect(closeness("dinners", "meal")).toBeGreaterThan(0.5);
    expect(closeness("berlin", "europe")).toBeGreaterThan(0.2);
    expect(closeness("berlin", "europe")).toBeLessThan(closeness("berlin", "germany"));
    expect(closeness("toronto", "canada")).toBeGreaterThan(0.2);
  });

  it("leaves out the word itself and words too common to mean anything", () => {
    const related = relatedTerms("resign").map((term) => term.word);
    expect(related).not.toContain("resign");
    expect(related).not.toContain("give");
    expect(relatedTerms("qwertyuiop")).toEqual([]);
  });

  it("finds base forms, irregular ones included, and weighs nouns over verbs", () => {
    expect(baseForms("children")).toContain("child");
    expect(baseForms("paid")).toContain("pay");
    expect(partOfSpeechWeight("cars")).toBe(1);
    expect(partOfSpeechWeight("provide")).toBeLessThan(1);
    expect(partOfSpeechWeight("Quokkaline")).toBe(1);
  });
});
