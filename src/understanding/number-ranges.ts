import { numbersInDigits } from "./number-words.js";

/**
 * Whether a text states a range a number falls in: "5 yrs" is answered by "Between 3 and 15 years", "3 to 4",
 * "fewer than 3", "after 5 years' service" or "10 or more". Ranges of small whole numbers only (tenure bands, ages,
 * team sizes); dates ("2026-12-03") and times ("09:00-17:00") are not ranges.
 */
const largest = 999;
const number = String.raw`(\d{1,3})`;
const notInNumber = String.raw`(?<![\d:./-])`;
const notBeforeNumber = String.raw`(?![\d:./]|-\d)`;
const spans = [
  new RegExp(String.raw`\bbetween ${number} and ${number}\b`, "g"),
  new RegExp(String.raw`${notInNumber}\b${number}\s*(?:to|-|\u2013)\s*${number}${notBeforeNumber}`, "g"),
];
const below = new RegExp(String.raw`\b(?:fewer than|less than|under|up to|below)\s+${number}\b`, "g");
const above = new RegExp(
  String.raw`\b(?:more than|over|after|at least|from|above)\s+${number}\b|\b${number}\s*(?:\+|or more\b)`,
  "g",
);

export function withinRange(value: number, text: string): boolean {
  if (!Number.isInteger(value) || value > largest) return false;
  const digits = numbersInDigits(text.toLowerCase());
  if (!/\d/.test(digits)) return false;
  for (const span of spans) {
    for (const [, low, high] of digits.matchAll(span)) {
      if (Number(low) < Number(high) && Number(low) <= value && value <= Number(high)) return true;
    }
  }
  for (const [, high] of digits.matchAll(below)) if (value < Number(high)) return true;
  for (const [, after, orMore] of digits.matchAll(above)) {
    const low = Number(after ?? orMore);
    if (value >= low && low > 0) return true;
  }
  return false;
}
