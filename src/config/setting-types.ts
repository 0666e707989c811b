import { z } from "zod";

/**
 * The kinds of setting an environment variable holds, shared by the core's schema (environment-schema.ts) and the
 * chat platforms' own variables. Each check's message says what is allowed, as the end of "it must be ..."
 * (describe-config-problem.ts adds the variable and the value given).
 */
export const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: listChoices(values) });

export const booleanSetting = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { error: "true or false" })
  .transform((value) => ["true", "1", "yes", "on"].includes(value));

/**
 * Numbers are written as plain decimals ("64", "0.5"). Number() alone would also take "0x10", "1e-9", "0b11" or
 * "Infinity", and a limit written "1e-9" became a "0 MB limit"; so the text is checked first, for every number.
 */
const decimal = (allowed: string, pattern: RegExp) =>
  z
    .string({ error: allowed })
    .trim()
    .regex(pattern, { error: allowed })
    .transform(Number)
    .pipe(z.number({ error: allowed }).refine(Number.isFinite, { error: allowed }));

export const integerSetting = (min: number, max: number) => {
  const allowed = `a whole number from ${min} to ${max}`;
  return decimal(allowed, /^\d+$/).pipe(z.number().min(min, { error: allowed }).max(max, { error: allowed }));
};

export const numberSetting = (min: number, max: number, allowed = `a number from ${min} to ${max}`) =>
  decimal(allowed, /^(\d+(\.\d*)?|\.\d+)$/).pipe(
    z.number().min(min, { error: allowed }).max(max, { error: allowed }),
  );

/** A size limit in MB: below 0.001 (about 1 KB) no document passes, so such a value is a mistake. */
export const megabytesSetting = numberSetting(
  0.001,
  10_000,
  "a number of megabytes from 0.001 (about 1 KB) to 10000",
);

/** 0 turns the feature off; otherwise a deadline in milliseconds within the bounds. */
export const offOrMilliseconds = (min: number, max: number, off: string) => {
  const allowed = `0 (${off}) or a whole number of milliseconds from ${min} to ${max}`;
  return z.coerce
    .number({ error: allowed })
    .int({ error: allowed })
    .refine((value) => value === 0 || (value >= min && value <= max), { error: allowed });
};

export const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

/** A server's address: http:// or https:// (a bare host:port would parse as a URL with the scheme "host:"). */
export const serverUrl = optionalText.pipe(
  z
    .url({
      protocol: /^https?$/,
      error: "a URL that starts with http:// or https://, for example http://127.0.0.1:11434",
    })
    .optional(),
);

function listChoices(values: readonly string[]): string {
  return values.length === 1 ? String(values[0]) : `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`;
}
