import { describe, expect, it } from "vitest";
import { editDistance } from "../../../src/understanding/spelling/edit-distance.js";

describe("editDistance (optimal string alignment, bounded)", () => {
  it("counts an insertion, a deletion, a substitution and a swap of neighbours as one edit each", () => {
    expect(editDistance("helth", "health", 2)).toBe(1);
    expect(editDistance("vaccation", "vacation", 2)).toBe(1);
    expect(editDistance("servises", "services", 2)).toBe(1);
    expect(editDistance("recieve", "receive", 2)).toBe(1);
    expect(editDistance("reimbursmnet", "reimbursement", 3)).toBe(2);
    expect(editDistance("same", "same", 1)).toBe(0);
    expect(editDistance("", "abc", 3)).toBe(3);
  });

  it("edits no substring twice: 'ca' to 'abc' is three edits, not two", () => {
    expect(editDistance("ca", "abc", 5)).toBe(3);
  });

  it("stops past the limit and says limit + 1", () => {
    expect(editDistance("kitten", "sitting", 1)).toBe(2);
    expect(editDistance("kitten", "sitting", 3)).toBe(3);
    expect(editDistance("short", "a much longer word", 2)).toBe(3);
    // The rows it keeps grow for long words.
    expect(editDistance("a".repeat(100), `${"a".repeat(99)}b`, 2)).toBe(1);
  });
});
