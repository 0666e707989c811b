import { auth, drive, type drive_v3 } from "@googleapis/drive";
import { googleTokenUrl, type ServiceAccountKey } from "./service-account-key.js";

/** Read-only access to the files the service account can see: all docent asks for. */
export const driveReadOnlyScope = "https://www.googleapis.com/auth/drive.readonly";

/**
 * Google's Drive client, signed in as the service account (a JWT client: a signed assertion exchanged for an access
 * token with the JWT bearer grant), making every request through `sourceFetch`, the sources' shared fetch with its
 * deadlines, retries and politeness limit. The client's own retries are off so that there is one retry policy.
 *
 * google-auth-library 10 always posts the assertion to Google's token endpoint (gtoken hard-codes it) and ignores
 * the key file's token_uri; Google's Python and Java libraries honour it (a private endpoint, a test server), so the
 * fetch handed to the client sends that request to token_uri, with the assertion's audience left as Google's.
 */
export function createDriveClient(
  key: ServiceAccountKey,
  sourceFetch: typeof fetch,
  apiUrl: string | undefined,
): drive_v3.Drive {
  const fetchImplementation: typeof fetch = (input, init) =>
    sourceFetch(isGoogleTokenUrl(input) ? key.tokenUri : input, init);
  const client = new auth.JWT({
    email: key.clientEmail,
    key: key.privateKey,
    scopes: [driveReadOnlyScope],
    transporterOptions: { fetchImplementation, retry: false, retryConfig: { retry: 0 } },
  });
  return drive({
    version: "v3",
    auth: client,
    retry: false,
    retryConfig: { retry: 0 },
    ...(apiUrl === undefined ? {} : { rootUrl: apiUrl }),
  });
}

function isGoogleTokenUrl(input: Parameters<typeof fetch>[0]): boolean {
  const text = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  return text === googleTokenUrl;
}
