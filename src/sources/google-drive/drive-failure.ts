import { DocentError, isDocentError } from "../../errors.js";
import { describeAddress } from "../http/describe-address.js";
import { httpFailure } from "../http/http-failure.js";

/** What a Drive failure's sentence names: the source, what was asked for, the variable and the account. */
export interface DriveHints {
  source: string;
  /** "folder 0AbC", "the file Handbook (1xY)", "the changes since the last sync". */
  what: string;
  /** The variable that names the key file: "GOOGLE_APPLICATION_CREDENTIALS". */
  variable: string;
  /** The service account's email, which folders are shared with. */
  account: string;
}

interface ClientError {
  response?: Response & { data?: unknown };
  cause?: unknown;
}

/**
 * The one sentence for a failed call of the Drive client: a failure of the shared fetch (a deadline, an unreachable
 * host, a cancelled run) as that fetch said it; a refused token names the key file's variable; a refused call names
 * what to share with the service account, or that the Drive API must be enabled; anything else the host and status.
 * Never the response's body nor the key.
 */
export function driveFailure(error: unknown, hints: DriveHints): DocentError {
  const fromFetch = docentCause(error);
  if (fromFetch !== undefined) return fromFetch;
  const response = (error as ClientError | undefined)?.response;
  if (response === undefined || typeof response.status !== "number") {
    return new DocentError("SOURCE_UNAVAILABLE", `The ${hints.source} source could not read ${hints.what}`, {
      cause: error,
    });
  }
  if (isTokenReply(response)) return tokenRefused(response, hints, error);
  const reason = errorReason(response.data);
  if (response.status === 403 && reason === "accessNotConfigured") {
    return new DocentError(
      "SOURCE_UNAVAILABLE",
      `The ${hints.source} source may not use the Google Drive API (HTTP 403): enable the Google Drive API in ` +
        `the Google Cloud project of the service account ${hints.account}`,
      { cause: error, status: 403 },
    );
  }
  if (response.status === 403 && reason !== undefined && /rateLimitExceeded$/i.test(reason)) {
    return new DocentError(
      "SOURCE_UNAVAILABLE",
      `The ${hints.source} source was rate limited by ${describeAddress(response.url)} (HTTP 403 ${reason}); the next sync tries again`,
      { cause: error, status: 403, retryable: true },
    );
  }
  if (response.status === 404) {
    return new DocentError(
      "SOURCE_UNAVAILABLE",
      `The ${hints.source} source cannot see ${hints.what} (HTTP 404): it was deleted, or it is not shared with ` +
        `the service account ${hints.account}; share it (as a Viewer) or check the id in the sources file`,
      { cause: error, status: 404 },
    );
  }
  if (response.status === 403 && reason === "exportSizeLimitExceeded") {
    return new DocentError(
      "SOURCE_UNAVAILABLE",
      `The ${hints.source} source cannot read ${hints.what}: Drive exports documents of up to 10 MB, and it is larger`,
      { cause: error, status: 403 },
    );
  }
  const failure = httpFailure(response, {
    source: hints.source,
    what: hints.what,
    credentials: `the service account's key in the file ${hints.variable} names`,
    permission: `access: share it with the service account ${hints.account} (as a Viewer)`,
  });
  return new DocentError(failure.code, failure.message, { cause: error, status: response.status });
}

/** A reply that is not what the API documents (not JSON, or JSON of another shape), as one sentence. */
export function malformedReply(hints: DriveHints, url: string | undefined): DocentError {
  return new DocentError(
    "SOURCE_UNAVAILABLE",
    `The ${hints.source} source could not read ${hints.what}: ${describeAddress(url ?? "")} sent a reply that is not the Drive API's JSON`,
  );
}

function docentCause(error: unknown): DocentError | undefined {
  for (let current = error, depth = 0; current !== undefined && depth < 5; depth += 1) {
    if (isDocentError(current)) return current;
    current = (current as ClientError | null)?.cause;
  }
  return undefined;
}

function isTokenReply(response: Response): boolean {
  const data = (response as { data?: unknown }).data;
  return typeof data === "object" && data !== null && typeof (data as { error?: unknown }).error === "string";
}

function tokenRefused(response: Response, hints: DriveHints, cause: unknown): DocentError {
  const code = String((response as { data?: { error?: unknown } }).data?.error ?? "").replace(/[^\w.-]/g, "");
  return new DocentError(
    "SOURCE_UNAVAILABLE",
    `The ${hints.source} source was refused an access token by ${describeAddress(response.url)} ` +
      `(HTTP ${response.status} ${code}): check the service account's key in the file ${hints.variable} names ` +
      "(a deleted or disabled key is refused)",
    { cause, status: response.status },
  );
}

/** The first reason of a Drive error body ({"error": {"errors": [{"reason": ...}]}}). */
function errorReason(data: unknown): string | undefined {
  const errors = (data as { error?: { errors?: Array<{ reason?: unknown }> } } | undefined)?.error?.errors;
  const reason = Array.isArray(errors) ? errors[0]?.reason : undefined;
  return typeof reason === "string" ? reason.replace(/[^\w.-]/g, "") : undefined;
}
