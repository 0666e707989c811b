import { closestChoice } from "../config/describe-config-problem.js";
import type { SourceFileEntry, SourcesFile } from "../config/sources-file.js";
import { isScopeName, normaliseScopeName, scopeNameRule } from "../documents/scope-name.js";
import { DocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import type { DocumentSource } from "./document-source.js";
import { createSourceFetch } from "./http/source-fetch.js";
import type { SourceKind } from "./source-kind.js";

/** How every source's requests behave (src/sources/http/source-fetch.ts), unless its entry says otherwise. */
export const requestDefaults = { timeoutMs: 30_000, attempts: 4, inFlight: 4, maxWaitMs: 120_000 };

export interface CreateSourcesOptions {
  kinds: readonly SourceKind[];
  maxDocumentBytes: number;
  logger: Logger;
}

/**
 * The sources of a sources file, each checked by its kind: the kind exists (or the one meant is named), its own
 * keys are right, the credentials it needs are named, and its scopes are scope names. Every mistake of the file is
 * told in one error, one sentence each.
 */
export function createSources(file: SourcesFile, options: CreateSourcesOptions): DocumentSource[] {
  const problems: string[] = [];
  const sources: DocumentSource[] = [];
  for (const entry of file.entries) {
    const kind = options.kinds.find((candidate) => candidate.type === entry.type);
    if (kind === undefined) {
      problems.push(unknownKind(entry, options.kinds));
      continue;
    }
    const found = entryProblems(entry, kind);
    const settings = kind.settings.safeParse(entry.settings);
    if (!settings.success) {
      found.push(...settings.error.issues.map((issue) => settingProblem(entry, kind, issue)));
    }
    problems.push(...found);
    if (found.length === 0 && settings.success) sources.push(create(entry, kind, settings.data, options));
  }
  if (problems.length > 0) {
    throw new DocentError("CONFIG_INVALID", `Invalid sources file ${file.file}. Fix ${problems.join("; ")}`);
  }
  return sources;
}

function create(entry: SourceFileEntry, kind: SourceKind, settings: unknown, options: CreateSourcesOptions) {
  const logger = options.logger.child({ source: entry.name });
  const inFlight = kind.requestsInFlight?.(settings) ?? requestDefaults.inFlight;
  const fetch = createSourceFetch({ source: entry.name, ...requestDefaults, inFlight, logger });
  const scopes = new Map(
    Object.entries(entry.scopes ?? {}).map(([key, scope]) => [key, normaliseScopeName(scope)]),
  );
  const scope = entry.scope === undefined ? null : normaliseScopeName(entry.scope);
  const source = kind.create(
    { ...entry, settings, ...(entry.apiUrl === undefined ? {} : { apiUrl: entry.apiUrl }) },
    {
      scopeOf: (container) => (container === undefined ? undefined : scopes.get(container)) ?? scope,
      fetch,
      maxDocumentBytes: options.maxDocumentBytes,
      logger,
    },
  );
  // A source read over HTTP reads as many documents at once as it may have requests in flight; a folder reads one.
  return kind.type === "folder" ? source : { ...source, readsInFlight: inFlight };
}

function unknownKind(entry: SourceFileEntry, kinds: readonly SourceKind[]): string {
  const types = kinds.map((kind) => kind.type);
  const meant = closestChoice(entry.type, types);
  const hint = meant === null ? "" : ` Did you mean "${meant}"?`;
  return `${entry.at}.type: "${entry.type}" is not a kind of source docent reads (${types.join(", ")}).${hint}`;
}

function entryProblems(entry: SourceFileEntry, kind: SourceKind): string[] {
  const problems: string[] = [];
  for (const key of kind.credentials) {
    if (entry.credentialVariables[key] === undefined) {
      problems.push(
        `${entry.at}.auth.${key}_env: a ${kind.type} source needs it (the name of the variable that holds its ${key})`,
      );
    }
  }
  for (const key of Object.keys(entry.credentialVariables)) {
    if (!kind.credentials.includes(key)) {
      const needs =
        kind.credentials.length === 0
          ? "no credentials"
          : kind.credentials.map((name) => `${name}_env`).join(", ");
      problems.push(`${entry.at}.auth.${key}_env: a ${kind.type} source takes ${needs}`);
    }
  }
  if (entry.apiUrl !== undefined && kind.apiUrl !== true) {
    problems.push(`${entry.at}.api_url: a ${kind.type} source has no API to point elsewhere; remove it`);
  }
  if (entry.scopes !== undefined && kind.containers === undefined) {
    problems.push(
      `${entry.at}.scopes: a ${kind.type} source has one scope for everything it holds: use scope`,
    );
  }
  if (entry.scope === undefined && entry.scopes === undefined && kind.type !== "folder") {
    problems.push(
      `${entry.at}: give scope (the scope of everything it holds)${kind.containers === undefined ? "" : ` or scopes (${kind.containers} -> scope)`}`,
    );
  }
  for (const scope of [entry.scope, ...Object.values(entry.scopes ?? {})]) {
    if (scope !== undefined && !isScopeName(normaliseScopeName(scope))) {
      problems.push(`${entry.at}: "${scope}" must be ${scopeNameRule}`);
    }
  }
  return problems;
}

function settingProblem(
  entry: SourceFileEntry,
  kind: SourceKind,
  issue: { path: PropertyKey[]; message: string; code: string; keys?: string[] },
): string {
  if (issue.code === "unrecognized_keys") {
    const known = Object.keys((kind.settings as { shape?: object }).shape ?? {});
    return (issue.keys ?? [])
      .map((key) => {
        const meant = closestChoice(key, known);
        const hint = meant === null ? "" : ` Did you mean "${meant}"?`;
        return `${entry.at}: "${key}" is not a setting of a ${entry.type} source.${hint}`;
      })
      .join("; ");
  }
  return `${entry.at}.${issue.path.map(String).join(".")}: ${issue.message}`;
}
