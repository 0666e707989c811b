import { z } from "zod";

/**
 * The parts of Confluence Cloud REST API v2 replies docent reads (developer.atlassian.com, REST v2: Space and Page
 * groups). Ids are strings in v2; older replies gave numbers, so both are read as strings. Unknown fields are
 * ignored, so that a field Atlassian adds never breaks a sync.
 */
const id = z.union([z.string().min(1), z.number().int()]).transform(String);

/** A paginated reply (MultiEntityResult): its results, one by one, are checked by their own schema. */
export const multiEntityReply = z.object({
  results: z.array(z.unknown()),
  _links: z.object({ next: z.string().optional() }).optional(),
});

/** GET /spaces?keys=...: a space's id, by which its pages are listed, and its key. */
export const spaceReply = z.object({ id, key: z.string() });

/** GET /spaces/{id}/pages (no body asked for): what a page is listed with. */
export const pageSummaryReply = z.object({
  id,
  title: z.string(),
  version: z.object({ number: z.number().int().nonnegative() }),
  _links: z.object({ webui: z.string().optional() }).optional(),
});

/** GET /pages/{id}?body-format=storage: the page with its body in storage format (XHTML with ac: and ri: tags). */
export const pageWithBodyReply = pageSummaryReply.extend({
  body: z.object({ storage: z.object({ value: z.string() }) }),
});

export type PageSummary = z.infer<typeof pageSummaryReply>;
