import { DocentError } from "../../errors.js";
import type { Logger } from "../../logging/logger.js";
import { type DriveItem, isDriveItem } from "./drive-items.js";
import type { GraphApi } from "./graph-api.js";

export interface DeltaPages {
  /** The items of every page, in order (the same item may come more than once: the last one counts). */
  items: DriveItem[];
  /** The link that asks for what changes from now on. */
  deltaLink: string;
  /** Whether these are all the drive's items (a first sync, or after an expired link) rather than the changes. */
  whole: boolean;
}

export interface DeltaRequest {
  api: GraphApi;
  source: string;
  driveId: string;
  /** The library's name, for sentences. */
  library: string;
  /** The deltaLink saved last time, or null to enumerate the whole drive. */
  since: string | null;
  logger: Logger;
  signal?: AbortSignal;
}

/**
 * Reads a drive's delta feed (GET /drives/{id}/root/delta, then each @odata.nextLink) up to the page with the
 * @odata.deltaLink. A saved link Graph no longer accepts (HTTP 410 Gone: resyncRequired and its kind) starts a
 * whole enumeration over, at the Location Graph gives or at the start, as its documentation says to.
 */
export async function readDelta(request: DeltaRequest): Promise<DeltaPages> {
  const start = `/drives/${encodeURIComponent(request.driveId)}/root/delta`;
  const what = `the files of library ${request.library}`;
  let next = request.since ?? start;
  let whole = request.since === null;
  const items: DriveItem[] = [];
  for (;;) {
    const response = await request.api.get(next, request.signal);
    if (response.status === 410 && !whole) {
      await response.body?.cancel().catch(() => undefined);
      request.logger.info(
        { source: request.source, library: request.library },
        "sharepoint delta link expired: reading the whole library again",
      );
      next = response.headers.get("location") ?? start;
      whole = true;
      items.length = 0;
      continue;
    }
    const page = await request.api.json(response, what);
    const value = page.value;
    if (!Array.isArray(value)) throw notAPage(request.source, what);
    items.push(...value.filter(isDriveItem));
    const nextLink = page["@odata.nextLink"];
    const deltaLink = page["@odata.deltaLink"];
    if (typeof nextLink === "string") next = nextLink;
    else if (typeof deltaLink === "string") return { items, deltaLink, whole };
    else throw notAPage(request.source, what);
  }
}

function notAPage(source: string, what: string): DocentError {
  return new DocentError(
    "SOURCE_UNAVAILABLE",
    `The ${source} source could not read ${what}: Microsoft Graph sent a page without its value or its next link`,
  );
}
