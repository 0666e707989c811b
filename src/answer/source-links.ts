/**
 * Where a cited source can be opened. The operator maps path prefixes to URL prefixes (DOCENT_SOURCE_URL_MAP,
 * longest prefix wins) or gives one base URL for the whole docs folder (DOCENT_SOURCE_BASE_URL). Without either,
 * a source has no link and renderers show its path and page instead.
 */
export type SourceLinker = (source: string, page: number | null) => string | undefined;

export interface SourceLinkSettings {
  sourceBaseUrl?: string;
  sourceUrlMap: Readonly<Record<string, string>>;
}

export function createSourceLinker(settings: SourceLinkSettings): SourceLinker {
  const prefixes = Object.entries(settings.sourceUrlMap)
    .map(([prefix, url]) => ({ prefix: trimSlashes(prefix), url }))
    .sort((left, right) => right.prefix.length - left.prefix.length);
  const baseUrl = settings.sourceBaseUrl;
  return (source, page) => {
    const path = trimSlashes(source);
    const mapped = prefixes.find(({ prefix }) => coversPath(prefix, path));
    if (mapped !== undefined) {
      return withPage(joinUrl(mapped.url, path.slice(mapped.prefix.length)), page);
    }
    if (baseUrl !== undefined) return withPage(joinUrl(baseUrl, path), page);
    return undefined;
  };
}

/** "hr" covers "hr/leave.md" and "hr" itself, but not "hrx/leave.md"; "" covers everything. */
function coversPath(prefix: string, path: string): boolean {
  if (prefix === "" || path === prefix) return true;
  return path.startsWith(prefix) && (prefix.endsWith("/") || path[prefix.length] === "/");
}

function joinUrl(base: string, rest: string): string {
  const segments = rest.split("/").filter((segment) => segment !== "");
  if (segments.length === 0) return base;
  return `${base.replace(/\/+$/, "")}/${segments.map(encodeURIComponent).join("/")}`;
}

function withPage(url: string, page: number | null): string {
  return page === null || url.includes("#") ? url : `${url}#page=${page}`;
}

function trimSlashes(path: string): string {
  return path.replace(/^\.?\/+/, "").replace(/\\/g, "/");
}
