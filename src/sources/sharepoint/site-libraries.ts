import { DocentError } from "../../errors.js";
import type { GraphApi } from "./graph-api.js";
import { siteAddress } from "./sharepoint-settings.js";

/** A document library of the site: its drive's id and its name. */
export interface SiteLibrary {
  driveId: string;
  name: string;
}

export interface SiteRequest {
  api: GraphApi;
  source: string;
  site: string;
  /** The libraries the entry names, or undefined for all of them. */
  wanted: readonly string[] | undefined;
  signal?: AbortSignal;
}

/**
 * The site's document libraries: the site by its address, then its drives (GET
 * /sites/{id}/drives, every page). A library the entry names that the site does not have is refused with the names
 * it has, rather than synced as empty (which would remove its documents).
 */
export async function siteLibraries(request: SiteRequest): Promise<SiteLibrary[]> {
  const { api, signal } = request;
  const { hostname, path } = siteAddress(request.site);
  // The root site by its host name alone; any other by its server-relative path (GET /sites/{hostname}:{path}).
  const sitePath = path === "" ? `/sites/${hostname}` : `/sites/${hostname}:${encodeURI(path)}`;
  const site = await api.json(await api.get(sitePath, signal), `the site ${request.site}`);
  if (typeof site.id !== "string") throw malformed(request, "the site");
  const libraries: SiteLibrary[] = [];
  let next = `/sites/${encodeURIComponent(site.id)}/drives`;
  for (;;) {
    const page = await api.json(await api.get(next, signal), "the site's document libraries");
    if (!Array.isArray(page.value)) throw malformed(request, "the site's document libraries");
    for (const drive of page.value as Array<Record<string, unknown>>) {
      if (typeof drive?.id !== "string" || typeof drive.name !== "string") continue;
      if (drive.driveType !== undefined && drive.driveType !== "documentLibrary") continue;
      libraries.push({ driveId: drive.id, name: drive.name });
    }
    const nextLink = page["@odata.nextLink"];
    if (typeof nextLink !== "string") break;
    next = nextLink;
  }
  return chosen(libraries, request);
}

function chosen(libraries: SiteLibrary[], request: SiteRequest): SiteLibrary[] {
  if (request.wanted === undefined) return libraries;
  const missing = request.wanted.filter((name) => !libraries.some((library) => library.name === name));
  if (missing.length > 0) {
    const names = libraries.map((library) => library.name).join(", ") || "none";
    throw new DocentError(
      "SOURCE_UNAVAILABLE",
      `The ${request.source} source found no document library named ${missing.join(", ")} on ${request.site}` +
        ` (its libraries: ${names}): fix \`libraries\` in the sources file`,
    );
  }
  return libraries.filter((library) => request.wanted?.includes(library.name));
}

function malformed(request: SiteRequest, what: string): DocentError {
  return new DocentError(
    "SOURCE_UNAVAILABLE",
    `The ${request.source} source could not read ${what}: Microsoft Graph's reply lacks the fields it documents`,
  );
}
