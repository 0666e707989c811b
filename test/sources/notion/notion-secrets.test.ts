import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../src/logging/logger.js";
import type { SourceDocument } from "../../../src/sources/document-source.js";
import { createSourceFetch } from "../../../src/sources/http/source-fetch.js";
import { createNotionSource } from "../../../src/sources/notion/notion-source.js";
import { failureOf } from "../../helpers/failure-of.js";
import { type FakeNotion, type Interception, startFakeNotion } from "./fake-notion.js";
import { notionError, text } from "./notion-objects.js";
import { fetchOptions, nothingBefore, notionEntry, token } from "./notion-setup.js";

const pageId = "1f0c2a4e-0000-4000-8000-000000000001";

let notion: FakeNotion | undefined;
afterEach(async () => {
  await notion?.close();
  notion = undefined;
});

const failures: Record<string, Interception> = {
  "403 restricted_resource": {
    status: 403,
    body: JSON.stringify(notionError(403, "restricted_resource", `Token ${token} lacks read content`)),
  },
  "429 after every try": {
    status: 429,
    headers: { "retry-after": "0" },
    body: JSON.stringify(notionError(429, "rate_limited", "You have been rate limited.")),
  },
  "502 after every try": { status: 502, body: "<html>Bad gateway</html>" },
  "a body that is not JSON": { status: 200, body: '{"object": "list", "results": [' },
  "a server that stops answering": "hang",
};

describe("the Notion token on the source's failure paths", () => {
  it("never appears in an error, its causes, or a log line, whatever fails", async () => {
    notion = await startFakeNotion({ token });
    notion.putPage({ id: pageId, title: "Parking", lastEdited: "2026-01-05T10:00:00.000Z" }, [
      text("paragraph", "Racks on level -1."),
    ]);
    const lines: string[] = [];
    const logger = createLogger({ level: "debug", destination: { write: (line) => lines.push(line) } });
    const context = {
      scopeOf: () => "public",
      maxDocumentBytes: 50 * 2 ** 20,
      fetch: createSourceFetch({ ...fetchOptions, timeoutMs: 200, attempts: 2, logger }),
      logger,
    };
    const source = createNotionSource(notionEntry(notion.url), context);
    const [page] = (await source.list({ previous: nothingBefore })).documents;
    const seen: string[] = [];
    for (const [name, failure] of Object.entries(failures)) {
      notion.intercept(() => failure);
      const listing = await failureOf(source.list({ previous: nothingBefore }));
      const reading = await failureOf(source.read(page as SourceDocument));
      seen.push(
        `${name}: ${(listing as Error).message}`,
        inspect(listing, { depth: 8 }),
        inspect(reading, { depth: 8 }),
      );
    }
    notion.intercept(() => undefined);
    const refused = await failureOf(
      createNotionSource(notionEntry(notion.url, "secret_wrong_token"), context).list({
        previous: nothingBefore,
      }),
    );
    seen.push(inspect(refused, { depth: 8 }));
    expect(seen[0]).toBe(
      "403 restricted_resource: The notion source may not read the pages shared with its integration (HTTP 403): " +
        'grant the integration the "Read content" capability and share the pages with it (a page\'s ... menu, Connections)',
    );
    expect(lines.length).toBeGreaterThan(0);
    for (const text of [...seen, ...lines]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain("secret_wrong_token");
    }
  });
});
