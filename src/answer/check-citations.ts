import { headingText, type SearchHit } from "../documents/chunk.js";
import type { Citation } from "./answer-types.js";
import { cleanCitationMarkers } from "./citation-markers.js";
import type { SourceLinker } from "./source-links.js";

export interface CheckedCitations {
  /** The answer with markers that point to no source removed. */
  text: string;
  /** The sources actually cited, in order of first citation, each once. */
  citations: Citation[];
  /** At least one valid citation. */
  grounded: boolean;
}

/** Checks the model's [n] markers against the sources it was given (numbered 1..n in prompt order). */
export function checkCitations(
  text: string,
  sources: readonly SearchHit[],
  links: SourceLinker,
): CheckedCitations {
  const cleaned = cleanCitationMarkers(text, sources.length);
  const citations = cleaned.cited.flatMap((n) => {
    const hit = sources[n - 1];
    return hit === undefined ? [] : [citeSource(n, hit, links)];
  });
  return { text: cleaned.text, citations, grounded: citations.length > 0 };
}

export function citeSource(n: number, hit: SearchHit, links: SourceLinker): Citation {
  const { chunk } = hit;
  const citation: Citation = {
    n,
    source: chunk.source,
    page: chunk.page,
    heading: headingText(chunk),
    scope: chunk.scope,
  };
  const url = chunk.url ?? links(chunk.source, chunk.page);
  if (url !== undefined) citation.url = url;
  return citation;
}
