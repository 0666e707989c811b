import { createSourceFetch, type SourceFetchOptions } from "../../src/sources/http/source-fetch.js";

/**
 * The fetch a source is given, as the ingest makes it, with deadlines and waits short enough for tests: two tries
 * of two seconds each, four requests in flight, Retry-After honoured up to five seconds. `changes` overrides any of
 * them; `signal` is the run's.
 */
export function testSourceFetch(
  source: string,
  options: { signal?: AbortSignal | undefined; changes?: Partial<SourceFetchOptions> | undefined } = {},
): typeof fetch {
  return createSourceFetch({
    source,
    timeoutMs: 2_000,
    attempts: 2,
    inFlight: 4,
    maxWaitMs: 5_000,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...options.changes,
  });
}
