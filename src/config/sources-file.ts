import { existsSync, readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { z } from "zod";
import { DocentError } from "../errors.js";
import { withoutEmpty } from "./config-sources.js";

/**
 * The sources file (DOCENT_SOURCES_FILE, config/sources.yaml by default): the places docent reads documents from.
 * This module checks what every entry has (name, type, scope or scopes, api_url, auth) and reads the environment
 * variables the entries' auth names, so that no source ever reads the environment; each kind of source checks its
 * own keys (src/sources/create-sources.ts). Without the file, docent reads the one folder DOCENT_DOCS_DIR names.
 */
export interface SourceFileEntry {
  /** Its place in the file ("sources[2]"), for sentences. */
  at: string;
  name: string;
  type: string;
  scope?: string;
  scopes?: Readonly<Record<string, string>>;
  apiUrl?: string;
  /** The values of the variables auth names, by key without "_env" ("token"). Never logged or shown. */
  credentials: Readonly<Record<string, string>>;
  /** The variables' names, by the same keys. */
  credentialVariables: Readonly<Record<string, string>>;
  /** The kind's own keys, as written (checked by the kind). */
  settings: Readonly<Record<string, unknown>>;
}

export interface SourcesFile {
  file: string;
  entries: readonly SourceFileEntry[];
}

const sourceName = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, "lower-case letters, digits and dashes (at most 64)");
const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

const entrySchema = z.looseObject({
  name: sourceName,
  type: z.string().min(1, "the kind of source (folder, web, confluence, google-drive, notion, sharepoint)"),
  scope: z.string().min(1).optional(),
  scopes: z.record(z.string(), z.string().min(1)).optional(),
  api_url: z.url({ protocol: /^https?$/, error: "an http or https URL" }).optional(),
  auth: z.record(z.string(), z.unknown()).optional(),
});

const fileSchema = z.strictObject({
  sources: z.array(entrySchema, "a list of sources, each with name and type").min(1, "at least one source"),
});

/** The sources file, checked, with its credentials read; null when there is no such file. */
export function loadSourcesFile(
  file: string,
  environment: Readonly<Record<string, string>>,
): SourcesFile | null {
  if (!existsSync(file)) return null;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new DocentError("CONFIG_INVALID", `The sources file ${file} cannot be read`, { cause: error });
  }
  return parseSourcesFile(text, file, environment);
}

export function parseSourcesFile(
  text: string,
  file: string,
  environment: Readonly<Record<string, string>>,
): SourcesFile {
  const document = parseDocument(text);
  const syntax = document.errors[0]?.message.split("\n")[0];
  if (syntax !== undefined) {
    throw new DocentError("CONFIG_INVALID", `The sources file ${file} is not valid YAML: ${syntax}`);
  }
  const raw: unknown = document.toJS() ?? {};
  const result = fileSchema.safeParse(raw);
  const written = authProblemsOf(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      if (issue.code === "unrecognized_keys" && issue.path.length === 0) {
        return `${issue.keys.map((key) => `"${key}"`).join(", ")}: the file holds one key, sources`;
      }
      const key = [...issue.path, ...("keys" in issue ? [issue.keys.join(", ")] : [])]
        .map((part, index) =>
          typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`,
        )
        .join("");
      return `${key}: ${issue.message}`;
    });
    throw invalid(file, [...problems, ...written]);
  }
  const entries = result.data.sources.map((entry, index) =>
    readEntry(entry, `sources[${index}]`, environment),
  );
  const problems = [
    ...written,
    ...repeatedNames(entries),
    ...entries.flatMap((entry) => missingVariables(entry, environment)),
  ];
  if (problems.length > 0) throw invalid(file, problems);
  return { file, entries };
}

type RawEntry = z.infer<typeof entrySchema>;

function readEntry(
  entry: RawEntry,
  at: string,
  environment: Readonly<Record<string, string>>,
): SourceFileEntry {
  const { name, type, scope, scopes, api_url, auth, ...settings } = entry;
  const credentials: Record<string, string> = {};
  const credentialVariables: Record<string, string> = {};
  for (const [key, variable] of Object.entries(auth ?? {})) {
    if (!key.endsWith("_env") || typeof variable !== "string") continue;
    const bare = key.slice(0, -"_env".length);
    credentialVariables[bare] = variable;
    const value = environment[variable as string];
    if (value !== undefined) credentials[bare] = value;
  }
  return {
    at,
    name,
    type,
    ...(scope === undefined ? {} : { scope }),
    ...(scopes === undefined ? {} : { scopes }),
    ...(api_url === undefined ? {} : { apiUrl: api_url }),
    credentials,
    credentialVariables,
    settings,
  };
}

function authProblemsOf(raw: unknown): string[] {
  const sources = (raw as { sources?: unknown }).sources;
  if (!Array.isArray(sources)) return [];
  return sources.flatMap((entry: unknown, index) => {
    const auth = (entry as { auth?: unknown } | null)?.auth;
    return typeof auth === "object" && auth !== null
      ? authProblems(auth as Record<string, unknown>, `sources[${index}]`)
      : [];
  });
}

/** Credentials are named, never written: every auth key ends in _env and holds a variable's name. */
function authProblems(auth: Readonly<Record<string, unknown>>, at: string): string[] {
  return Object.entries(auth).flatMap(([key, value]) => {
    if (!key.endsWith("_env")) {
      return [
        `${at}.auth.${key}: credentials are never written in this file; name the environment variable that holds it with ${key}_env`,
      ];
    }
    if (typeof value !== "string" || !variableName.test(value)) {
      return [`${at}.auth.${key}: the name of an environment variable (letters, digits and _)`];
    }
    return [];
  });
}

function repeatedNames(entries: readonly SourceFileEntry[]): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const entry of entries) {
    if (seen.has(entry.name))
      problems.push(`${entry.at}.name: "${entry.name}" is the name of another source`);
    seen.add(entry.name);
  }
  return problems;
}

function missingVariables(entry: SourceFileEntry, environment: Readonly<Record<string, string>>): string[] {
  return Object.entries(entry.credentialVariables)
    .filter(([, variable]) => environment[variable] === undefined)
    .map(
      ([key, variable]) =>
        `${entry.at}.auth.${key}_env: it names ${variable}, which is not set (set it in .env or the environment)`,
    );
}

function invalid(file: string, problems: readonly string[]): DocentError {
  return new DocentError("CONFIG_INVALID", `Invalid sources file ${file}. Fix ${problems.join("; ")}`);
}

/** The sources file's setting: its path, and its reading with the variables its entries may name. */
export function sourcesFileSetting(
  file: string,
  values: Readonly<Record<string, string | undefined>>,
): SourcesFileSetting {
  return new SourcesFileSetting(file, withoutEmpty(values));
}

/** Compared by its path (a config read twice is equal); the environment it reads from is kept out of sight. */
class SourcesFileSetting {
  readonly #environment: Readonly<Record<string, string>>;

  constructor(
    readonly path: string,
    environment: Readonly<Record<string, string>>,
  ) {
    this.#environment = environment;
  }

  read(): SourcesFile | null {
    return loadSourcesFile(this.path, this.#environment);
  }
}
