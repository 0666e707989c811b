import { describe, expect, it } from "vitest";
import { separateQuestions } from "../../src/understanding/separate-questions.js";

describe("separateQuestions", () => {
  it("separates the questions one message asks, each with the situation around them", () => {
    expect(
      separateQuestions(
        "We're adopting a baby this spring. How long is paid parental leave, and am I locked into staying on at GSA for a while afterwards?",
      ),
    ).toEqual([
      "We're adopting a baby this spring. How long is paid parental leave",
      "We're adopting a baby this spring. am I locked into staying on at GSA for a while afterwards?",
    ]);
    expect(
      separateQuestions("How does the deductible work and what are the copayments for specialists?"),
    ).toEqual(["How does the deductible work", "what are the copayments for specialists?"]);
  });

  it("keeps a part that leans on the one before it with it, and a condition with what it conditions", () => {
    const paid = "How much paternity leave can I take, and is it paid?";
    expect(separateQuestions(paid)).toEqual([paid]);
    const failover =
      "if the main postgres box dies, what's our target for getting paddock accepting writes again?";
    expect(separateQuestions(failover)).toEqual([failover]);
    const restated = "When do new engineers start getting paged, i.e. join the on-call schedule?";
    expect(separateQuestions(restated)).toEqual([restated]);
  });
});
