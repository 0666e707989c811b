import { readFile } from "node:fs/promises";
import { z } from "zod";
import { DocentError } from "../../errors.js";

/** Google's token endpoint: where a key file without token_uri exchanges its signed JWT for an access token. */
export const googleTokenUrl = "https://oauth2.googleapis.com/token";

/** What docent needs of a service account's JSON key file. */
export interface ServiceAccountKey {
  clientEmail: string;
  privateKey: string;
  /** Where the key exchanges its signed JWT for an access token (the file's token_uri, else Google's). */
  tokenUri: string;
}

const keyFile = z.object({
  type: z.literal("service_account"),
  client_email: z.string().min(1),
  private_key: z.string().includes("PRIVATE KEY"),
  token_uri: z.url().optional(),
});

/**
 * Reads the service account's key file that the entry's credentials_file_env names. Every way it can be wrong is
 * one sentence naming the variable; the key itself never appears in one.
 */
export async function readServiceAccountKey(path: string, variable: string, source: string) {
  const wrong = (what: string, cause?: unknown) =>
    new DocentError(
      "SOURCE_UNAVAILABLE",
      `The ${source} source cannot use the file ${variable} names: ${what}; ` +
        "set it to the path of a service account's JSON key (Google Cloud console, IAM, Service accounts, Keys)",
      { cause },
    );
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw wrong(
      code === "ENOENT" ? "there is no such file" : `it cannot be read (${code ?? "error"})`,
      error,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw wrong("it is not JSON", error);
  }
  const parsed = keyFile.safeParse(json);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join(".") || "the file";
    throw wrong(`its ${field} is missing or not a service account's`);
  }
  return {
    clientEmail: parsed.data.client_email,
    privateKey: parsed.data.private_key,
    tokenUri: parsed.data.token_uri ?? googleTokenUrl,
  } satisfies ServiceAccountKey;
}
