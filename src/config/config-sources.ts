import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { z } from "zod";
import { DocentError } from "../errors.js";
import { configProblem } from "./config-problem.js";

/** Reading the raw values config.ts validates: the .env file, the environment, the URL map. */

export function parseUrlMap(text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  const problem = "Fix DOCENT_SOURCE_URL_MAP: it must be a JSON object of path prefix -> URL";
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw configProblem(problem, { cause: error });
  }
  const result = z.record(z.string(), z.url()).safeParse(parsed);
  if (!result.success) throw configProblem(problem);
  return result.data;
}

export function readEnvFile(file: string | null): Record<string, string> {
  if (file === null || !existsSync(file)) return {};
  try {
    return parseEnv(readFileSync(file, "utf8")) as Record<string, string>;
  } catch (error) {
    throw new DocentError("CONFIG_INVALID", `Could not read the settings file ${file}`, { cause: error });
  }
}

/** An empty variable counts as unset, so `LLM_PROVIDER=` behaves like no LLM_PROVIDER at all. */
export function withoutEmpty(environment: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(environment)) {
    if (value !== undefined && value !== "") result[key] = value;
  }
  return result;
}
