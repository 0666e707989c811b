import { isScopeName, normaliseScopeName, scopeNameRule } from "../documents/scope-name.js";
import { DocentError } from "../errors.js";

/**
 * `--scope a,b`: the scopes to search, NFC-normalised; undefined (every scope) only when the flag is absent. A flag
 * that names no scope (`--scope ""`, `","`, `" "`: a wrapper passing an empty variable) is refused rather than read
 * as "every scope", and so is a name no folder can have.
 */
export function parseScopeFlag(command: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const scopes = value
    .split(",")
    .map((scope) => normaliseScopeName(scope.trim()))
    .filter((scope) => scope !== "");
  if (scopes.length === 0) {
    throw new DocentError(
      "CONFIG_INVALID",
      `docent ${command}: --scope ${JSON.stringify(value)} names no scope. Name at least one (--scope public,hr), ` +
        "or leave the flag out to search every scope.",
    );
  }
  const wrong = scopes.find((scope) => !isScopeName(scope));
  if (wrong !== undefined) {
    throw new DocentError(
      "CONFIG_INVALID",
      `docent ${command}: --scope names ${JSON.stringify(wrong)}, which is not ${scopeNameRule}.`,
    );
  }
  return [...new Set(scopes)];
}
