import { createVerify, generateKeyPairSync } from "node:crypto";

/** A service account's key pair and its JSON key file as the Google Cloud console gives it (token_uri set). */
export function makeServiceAccount(tokenUri: string) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const email = "docent-reader@example-project.iam.gserviceaccount.com";
  const keyFile = {
    type: "service_account",
    project_id: "example-project",
    private_key_id: "0123456789abcdef",
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    client_email: email,
    client_id: "123456789012345678901",
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: tokenUri,
  };
  return { email, keyFile, publicKey };
}

/**
 * Checks a JWT bearer grant as Google's token endpoint does (RFC 7523): an RS256 assertion signed by the key, issued
 * by the service account, for Google's token endpoint, asking for scopes, not expired. Returns why it is refused, or
 * undefined when it is good.
 */
export function refusalOf(
  form: URLSearchParams,
  account: { email: string; publicKey: import("node:crypto").KeyObject },
): string | undefined {
  if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer")
    return "unsupported_grant_type";
  const [header, payload, signature] = (form.get("assertion") ?? "").split(".");
  if (header === undefined || payload === undefined || signature === undefined) return "invalid_request";
  const verifier = createVerify("RSA-SHA256");
  verifier.update(`${header}.${payload}`);
  if (!verifier.verify(account.publicKey, Buffer.from(signature, "base64url"))) return "invalid_grant";
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
  const now = Date.now() / 1000;
  if (claims.iss !== account.email || claims.aud !== "https://oauth2.googleapis.com/token")
    return "invalid_grant";
  if (typeof claims.scope !== "string" || typeof claims.exp !== "number" || claims.exp < now)
    return "invalid_grant";
  return undefined;
}
