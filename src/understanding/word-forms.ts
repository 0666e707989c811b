/** Irregular forms WordNet's exception lists would resolve (the package ships without them). */
const irregularForms: Record<string, string> = {
  children: "child",
  people: "person",
  women: "woman",
  men: "man",
  feet: "foot",
  teeth: "tooth",
  mice: "mouse",
  paid: "pay",
  got: "get",
  gotten: "get",
  took: "take",
  taken: "take",
  went: "go",
  gone: "go",
  left: "leave",
  lost: "lose",
  sent: "send",
  spent: "spend",
  bought: "buy",
  brought: "bring",
  kept: "keep",
  made: "make",
  told: "tell",
  found: "find",
  gave: "give",
  given: "give",
  wrote: "write",
  written: "write",
  began: "begin",
  chose: "choose",
  fell: "fall",
  felt: "feel",
  held: "hold",
  met: "meet",
  ran: "run",
  broke: "break",
  broken: "break",
};

/** Inflection endings to try, as WordNet's morphy does: nouns, verbs, adjectives. */
const endings: ReadonlyArray<[string, string]> = [
  ["ies", "y"],
  ["ches", "ch"],
  ["shes", "sh"],
  ["sses", "ss"],
  ["xes", "x"],
  ["es", "e"],
  ["es", ""],
  ["s", ""],
  ["ied", "y"],
  ["ed", "e"],
  ["ed", ""],
  ["ing", "e"],
  ["ing", ""],
  ["er", ""],
  ["est", ""],
];

/**
 * The forms a word may be an inflection of, found by rule as WordNet's morphy does ("kids" -> "kid", "meals" ->
 * "meal", "booked" -> "book"/"booke", "children" -> "child"), the word itself first. Not every candidate is a real
 * word; callers keep those a dictionary knows, or compare them with other words' candidates.
 */
export function possibleBaseForms(word: string): string[] {
  const lower = word.toLowerCase();
  const candidates = [lower];
  // Own entries only: "constructor" is not an irregular form of Object's constructor.
  const irregular = Object.hasOwn(irregularForms, lower) ? irregularForms[lower] : undefined;
  if (irregular !== undefined) candidates.push(irregular);
  for (const [ending, replacement] of endings) {
    if (lower.endsWith(ending) && lower.length > ending.length + 2)
      candidates.push(lower.slice(0, -ending.length) + replacement);
  }
  return [...new Set(candidates)];
}
