/**
 * A scope is the name of a first-level folder under the documents root ("public" for files in the root itself).
 * Names are compared in Unicode NFC, so a folder written with a combining accent (as macOS writes "scöpe") and the
 * same name typed in the access file or on the command line are one scope. A scope name is made of letters of any
 * alphabet, digits, "_", "." and "-": the same rule wherever a scope is named (the access file, --scope).
 */
const scopeNamePattern = /^[\p{L}\p{M}\p{N}_.-]+$/u;

/** What a scope name may contain, as the end of "must be ...". */
export const scopeNameRule =
  "a scope name (a documents sub-folder: letters of any alphabet, digits, _, . or -)";

export function normaliseScopeName(name: string): string {
  return name.normalize("NFC");
}

/** Whether `name` (already normalised) is a scope name. */
export function isScopeName(name: string): boolean {
  return scopeNamePattern.test(name);
}
