import { describe, expect, it } from "vitest";
import { splitUnits } from "../../src/answer/split-units.js";

const texts = (text: string) => splitUnits(text).map((unit) => unit.text);

describe("splitUnits", () => {
  it("makes each table row a unit under its header row, never cutting a row", () => {
    const units = splitUnits(
      [
        "Parental leave is paid at full salary:",
        "",
        "| Type | Paid leave | When |",
        "| --- | --- | --- |",
        "| Primary caregiver | **20 weeks** at full pay | Before the birth |",
        "| Second parent | **10 weeks** at full pay | In the first 12 months |",
      ].join("\n"),
    );
    expect(units.map((unit) => unit.text)).toEqual([
      "Parental leave is paid at full salary:",
      "| Type | Paid leave | When |\n| --- | --- | --- |\n| Primary caregiver | **20 weeks** at full pay | Before the birth |",
      "| Type | Paid leave | When |\n| --- | --- | --- |\n| Second parent | **10 weeks** at full pay | In the first 12 months |",
    ]);
    expect(units[2]?.frame).toBe("Parental leave is paid at full salary:\n| Type | Paid leave | When |");
    expect(units[2]?.words.terms.has("parent")).toBe(true);
  });

  it("reads tables written as 'a | b' lines, with blank lines between rows, as Markdown tables", () => {
    const units = texts(
      "Priority | Meaning | First response\n\nP1 | You cannot work at all | 30 minutes\n\nP2 | Something is broken | 4 hours",
    );
    expect(units).toEqual([
      "| Priority | Meaning | First response |\n| --- | --- | --- |\n| P1 | You cannot work at all | 30 minutes |",
      "| Priority | Meaning | First response |\n| --- | --- | --- |\n| P2 | Something is broken | 4 hours |",
    ]);
  });

  it("keeps a row whose header is outside the passage as a unit of its own", () => {
    expect(texts("| Critical | 48 hours |\n| High | 7 days |")).toEqual([
      "| Critical | 48 hours |",
      "| High | 7 days |",
    ]);
  });

  it("splits paragraphs into sentences and keeps list items whole, under the nearest heading", () => {
    const units = splitUnits(
      "## Sick leave\n\nYou have 12 paid sick days. Tell your manager by 10:00.\n\n- Self-certify up to three days.\n- From the fourth day, upload a doctor's note.",
    );
    expect(units.map((unit) => unit.text)).toEqual([
      "You have 12 paid sick days.",
      "Tell your manager by 10:00.",
      "- Self-certify up to three days.",
      "- From the fourth day, upload a doctor's note.",
    ]);
    expect(units.every((unit) => unit.frame.startsWith("Sick leave"))).toBe(true);
  });

  it("joins lines a PDF cut at the page width, and takes short lines before a list as headings", () => {
    const units = splitUnits(
      [
        "Benefits Summary 2026",
        "Retirement savings",
        "- Portugal: Quokkaline contributes 3% of your salary to a personal retirement",
        "savings plan (PPR). No contribution is required from you.",
        "Wellbeing stipend",
        "- EUR 40 per month to spend on sport or classes.",
      ].join("\n"),
    );
    expect(units.map((unit) => [unit.frame, unit.text])).toEqual([
      ["", "Benefits Summary 2026"],
      [
        "Retirement savings",
        "- Portugal: Quokkaline contributes 3% of your salary to a personal retirement savings plan (PPR). No contribution is required from you.",
      ],
      ["Wellbeing stipend", "- EUR 40 per month to spend on sport or classes."],
    ]);
  });

  it("indexes hyphenated words also written together", () => {
    const [unit] = splitUnits("Visitors can use the QL-Guest Wi-Fi network.");
    expect(unit?.words.forms.has("wifi")).toBe(true);
    expect(unit?.words.terms.has("wifi")).toBe(true);
  });
});
