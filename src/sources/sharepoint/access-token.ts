import { DocentError } from "../../errors.js";
import { type FailureHints, httpFailure, readJsonBody } from "../http/http-failure.js";

const defaultAuthority = "https://login.microsoftonline.com";
const graphScope = "https://graph.microsoft.com/.default";
/** A token is renewed this long before Entra ID says it expires. */
const renewEarlyMs = 5 * 60_000;

export interface AppRegistration {
  source: string;
  /** The values, by key: tenant, client_id, client_secret. Never logged. */
  credentials: Readonly<Record<string, string>>;
  /** The variables' names, by the same keys, for sentences. */
  variables: Readonly<Record<string, string>>;
  authorityHost?: string;
  fetch: typeof fetch;
}

/** The app's token for Graph: the one kept, or a new one in place of one that Graph refused. */
export interface AccessTokens {
  /** The token kept, or a new one once the kept one is within the margin of its expiry (expires_in). */
  current(signal?: AbortSignal): Promise<string>;
  /**
   * A new token in place of `refused`, which Graph answered 401 (expired or revoked mid-run). Requests that were
   * refused the same token share one new one: a token already replaced is not asked for again.
   */
  replace(refused: string, signal?: AbortSignal): Promise<string>;
}

interface KeptToken {
  token: string;
  until: number;
}

/**
 * An app-only token for Microsoft Graph: the OAuth 2.0 client credentials grant against the tenant's token endpoint
 * (POST {authority}/{tenant}/oauth2/v2.0/token), kept until shortly before it expires, one request at a time.
 * Azure Identity's ClientSecretCredential is not used because it refuses an authority that is not https (so no test
 * server on 127.0.0.1), reads AZURE_AUTHORITY_HOST from the environment, and sends its requests through its own
 * pipeline rather than the shared source fetch (deadlines, retries, cancellation).
 */
export function createAccessTokens(app: AppRegistration): AccessTokens {
  let kept: KeptToken | null = null;
  let pending: Promise<string> | null = null;
  const requestNew = (signal?: AbortSignal): Promise<string> => {
    pending ??= requestToken(app, signal)
      .then((fresh) => {
        kept = fresh;
        return fresh.token;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  };
  const usable = () => (kept !== null && Date.now() < kept.until ? kept.token : null);
  return {
    async current(signal) {
      return pending ?? usable() ?? requestNew(signal);
    },
    async replace(refused, signal) {
      if (pending !== null) return pending;
      const token = usable();
      if (token !== null && token !== refused) return token;
      kept = null;
      return requestNew(signal);
    },
  };
}

async function requestToken(app: AppRegistration, signal?: AbortSignal): Promise<KeptToken> {
  const authority = (app.authorityHost ?? defaultAuthority).replace(/\/+$/, "");
  const tenant = encodeURIComponent(app.credentials.tenant ?? "");
  const response = await app.fetch(`${authority}/${tenant}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: app.credentials.client_id ?? "",
      client_secret: app.credentials.client_secret ?? "",
      scope: graphScope,
    }),
    ...(signal === undefined ? {} : { signal }),
  });
  if (!response.ok && response.status !== 400 && response.status !== 401) {
    await response.body?.cancel().catch(() => undefined);
    throw httpFailure(response, { ...tokenHints(app), what: "a token from Microsoft Entra ID" });
  }
  const body = asRecord(await readJsonBody(response, app.source, "a token from Microsoft Entra ID"));
  if (!response.ok) throw tokenRefused(response.status, body, app);
  const { access_token: token, expires_in: lifetime } = body;
  if (typeof token !== "string" || token === "") throw tokenRefused(response.status, {}, app);
  const seconds = typeof lifetime === "number" ? lifetime : Number(lifetime ?? 0);
  const lifetimeMs = Number.isFinite(seconds) ? Math.max(0, seconds * 1000) : 0;
  // A short-lived token (a test tenant's, a proxy's) is renewed halfway through rather than on every request.
  return { token, until: Date.now() + lifetimeMs - Math.min(renewEarlyMs, lifetimeMs / 2) };
}

/**
 * Entra ID's refusal in one sentence naming the variable to fix, chosen by its documented AADSTS codes: 7000215 and
 * 7000222 (a wrong or expired secret), 700016 (no such application in the tenant), 90002 and 900023 (no such
 * tenant). Never the response's description (it quotes the client id and a trace id).
 */
function tokenRefused(status: number, body: Record<string, unknown>, app: AppRegistration): DocentError {
  const codes = body.error_codes;
  const has = (code: number) => Array.isArray(codes) && codes.includes(code);
  const { tenant, client_id: clientId, client_secret: secret } = app.variables;
  const fix =
    has(7000215) || has(7000222)
      ? `the client secret in ${secret} is wrong or has expired: create a new one for the app registration`
      : has(700016)
        ? `no app registration with the id in ${clientId} exists in the tenant in ${tenant}: check both`
        : has(90002) || has(900023)
          ? `the tenant in ${tenant} was not found: set it to the directory (tenant) id`
          : `check ${tenant}, ${clientId} and ${secret} (the app registration's tenant, id and secret)`;
  return new DocentError(
    "SOURCE_UNAVAILABLE",
    `The ${app.source} source could not sign in to Microsoft Entra ID (HTTP ${status}): ${fix}`,
    { status },
  );
}

function tokenHints(app: AppRegistration): Omit<FailureHints, "what"> {
  const { tenant, client_id: clientId, client_secret: secret } = app.variables;
  return {
    source: app.source,
    credentials: `${tenant}, ${clientId} and ${secret}`,
    permission: `the app registration in ${clientId} access to the tenant in ${tenant}`,
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
