import { z } from "zod";

/**
 * What the web source keeps between syncs (SourceListing.state), per page id: the address it was fetched at
 * (relative to the prefix), its media type and where its links go (relative addresses within the prefix). A page
 * that answers 304 is not downloaded, so its links come from here: the crawl goes on through unchanged pages.
 */
export interface KnownPage {
  at: string;
  type: string;
  links: string[];
}

const crawlStateSchema = z.object({
  pages: z.record(z.string(), z.object({ at: z.string(), type: z.string(), links: z.array(z.string()) })),
});

/** The state handed back, or nothing known (a first sync, or a state from another version: pages are fetched whole). */
export function readCrawlState(state: unknown): Map<string, KnownPage> {
  const parsed = crawlStateSchema.safeParse(state);
  return new Map(parsed.success ? Object.entries(parsed.data.pages) : []);
}

export function writeCrawlState(pages: Iterable<[string, KnownPage]>): { pages: Record<string, KnownPage> } {
  return { pages: Object.fromEntries(pages) };
}
