/**
 * A request's address as messages and logs show it: scheme, host and path, without a query string (where APIs put
 * keys and cursors) or credentials in the URL.
 */
export function describeAddress(input: string | URL | Request): string {
  const text = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return "an address that is not a URL";
  }
}
