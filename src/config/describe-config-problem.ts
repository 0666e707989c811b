import type { z } from "zod";

/**
 * One sentence per bad setting: the variable, the value given and where it was set, what is allowed, and for a
 * misspelt choice the one it probably meant. Secrets are never repeated.
 */
export function describeConfigProblems(
  issues: readonly z.core.$ZodIssue[],
  values: Readonly<Record<string, string | undefined>>,
  origins: Readonly<Record<string, string>>,
): string {
  const sentences = issues.map((issue) => {
    const variable = issue.path.map(String).join(".");
    const given = values[variable];
    const origin = origins[variable];
    const where = origin === undefined ? "" : ` (set in ${origin})`;
    const value = given === undefined ? "not set" : `${showValue(variable, given)}${where}`;
    return `Fix ${variable}: it is ${value}, and it must be ${issue.message}.${suggestion(issue, given)}`;
  });
  return `Invalid configuration. ${sentences.join(" ")}`;
}

const secretName = /TOKEN|SECRET|KEY|PASSWORD|DATABASE_URL/;

function showValue(variable: string, value: string): string {
  if (secretName.test(variable)) return "set to a value that is not shown here";
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

/** "Did you mean ...?" for a choice one or two typing mistakes away from an allowed one. */
function suggestion(issue: z.core.$ZodIssue, given: string | undefined): string {
  if (issue.code !== "invalid_value" || given === undefined) return "";
  const close = closestChoice(given, issue.values.map(String));
  return close === null ? "" : ` Did you mean "${close}"?`;
}

/** The allowed choice one or two typing mistakes away from what was given (case aside), or null. */
export function closestChoice(given: string, choices: readonly string[]): string | null {
  const typed = given.trim().toLowerCase();
  let best: { value: string; distance: number } | null = null;
  for (const value of choices) {
    const distance = editDistance(typed, value);
    if (best === null || distance < best.distance) best = { value, distance };
  }
  const close = best !== null && best.distance <= Math.max(1, Math.min(2, Math.floor(best.value.length / 3)));
  return close && best !== null ? best.value : null;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
