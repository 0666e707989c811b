import { describe, expect, it } from "vitest";
import { readPassage } from "../../src/answer/read-passage.js";

const chunk = {
  id: "leave.md#0",
  title: "Leave",
  headingPath: ["Leave", "Parental leave"],
  text: "Parents get 12 weeks of paid leave.\n\nAsk your manager first.",
};

describe("readPassage", () => {
  it("reads a passage's units, its headings' words and all its words", () => {
    const read = readPassage(chunk);
    expect(read.units.map((unit) => unit.text)).toEqual([
      "Parents get 12 weeks of paid leave.",
      "Ask your manager first.",
    ]);
    expect(read.heading.terms.has("parent")).toBe(true);
    expect(read.passage.terms.has("manag")).toBe(true);
  });

  it("reads a chunk it has read before once, from a copy of its text as a search returns it", () => {
    const first = readPassage(chunk);
    const again = readPassage({
      ...chunk,
      headingPath: [...chunk.headingPath],
      text: `${chunk.text} `.slice(0, -1),
    });
    expect(again).toBe(first);
  });

  it("reads the passage anew when the same id names another text, title or headings (a later generation)", () => {
    const first = readPassage(chunk);
    const changed = readPassage({ ...chunk, text: "Parents get 16 weeks of paid leave." });
    expect(changed.units.map((unit) => unit.text)).toEqual(["Parents get 16 weeks of paid leave."]);
    const retitled = readPassage({ ...chunk, title: "Time off" });
    expect(retitled).not.toBe(first);
    expect(retitled.heading.terms.has("time")).toBe(true);
    const moved = readPassage({ ...chunk, headingPath: ["Leave", "Sick leave"] });
    expect(moved.heading.terms.has("sick")).toBe(true);
    expect(readPassage(chunk).heading.terms.has("sick")).toBe(false);
  });
});
