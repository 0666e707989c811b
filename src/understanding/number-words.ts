/** Small numbers are written both ways: "5 yrs" must find "five years", "four weeks" must find "4 weeks". */
const words = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
  "twenty",
];
const tens: Record<string, number> = {
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  ninety: 90,
  hundred: 100,
};

/** The other way of writing a number ("5" -> "five", "twelve" -> "12"), or undefined when there is none. */
export function sameNumber(word: string): string | undefined {
  if (/^\d+$/.test(word)) {
    const value = Number(word);
    if (value < words.length) return words[value];
    return Object.entries(tens).find(([, number]) => number === value)?.[0];
  }
  const index = words.indexOf(word);
  if (index !== -1) return String(index);
  const ten = tens[word];
  return ten === undefined ? undefined : String(ten);
}

const writtenNumber = new RegExp(`\\b(?:${[...words, ...Object.keys(tens)].join("|")})\\b`, "g");

/** The text with its numbers written out as words put in digits ("after five years" -> "after 5 years"). */
export function numbersInDigits(lowerCaseText: string): string {
  return lowerCaseText.replace(writtenNumber, (word) => sameNumber(word) ?? word);
}
