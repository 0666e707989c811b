import { DocentError } from "../../errors.js";
import { describeAddress } from "./describe-address.js";

/** What a source says to fix when its requests are refused. */
export interface FailureHints {
  /** The source's name. */
  source: string;
  /** What was asked for: "the pages of space HR", "the site's document libraries". */
  what: string;
  /** What to check when the credentials are refused (401): "the token in CONFLUENCE_TOKEN". */
  credentials: string;
  /** What access to grant when it is forbidden (403): "read access to space HR for CONFLUENCE_USER". */
  permission: string;
}

/**
 * The one sentence for a response that is not what a source needs: a refused credential names its variable, a
 * forbidden read names the permission, anything else the host and the status. Never the response's body (it may
 * quote the request) nor the query string.
 */
export function httpFailure(response: Response, hints: FailureHints): DocentError {
  const status = response.status;
  const address = describeAddress(response.url || "");
  const options = { status };
  if (status === 401) {
    return new DocentError(
      "SOURCE_UNAVAILABLE",
      `The ${hints.source} source was refused (HTTP 401) reading ${hints.what}: check ${hints.credentials}`,
      options,
    );
  }
  if (status === 403) {
    return new DocentError(
      "SOURCE_UNAVAILABLE",
      `The ${hints.source} source may not read ${hints.what} (HTTP 403): grant ${hints.permission}`,
      options,
    );
  }
  if (status === 404) {
    return new DocentError(
      "SOURCE_UNAVAILABLE",
      `The ${hints.source} source found no ${hints.what} at ${address} (HTTP 404): check its address in the sources file`,
      options,
    );
  }
  return new DocentError(
    "SOURCE_UNAVAILABLE",
    `The ${hints.source} source could not read ${hints.what}: ${address} answered HTTP ${status}`,
    options,
  );
}

/** A response's body as JSON, or one sentence when the server sent something else (a login page, a cut-off body). */
export async function readJsonBody(response: Response, source: string, what: string): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    // Not the parser's error as the cause: its message quotes the body, which may echo a request's secret.
    throw new DocentError(
      "SOURCE_UNAVAILABLE",
      `The ${source} source could not read ${what}: ${describeAddress(response.url || "")} sent a reply that is not JSON`,
      { status: response.status },
    );
  }
}
