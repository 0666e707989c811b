import { describe, expect, it } from "vitest";
import { closeAfterTest } from "../../helpers/close-after-test.js";
import { ingestWithSources } from "../../helpers/ingest-with-sources.js";
import { startFakeNotion } from "./fake-notion.js";
import { block, richText, text } from "./notion-objects.js";
import { makeNotionSource, token } from "./notion-setup.js";

const parkingId = "1f0c2a4e-0000-4000-8000-00000000000a";
const lockersId = "1f0c2a4e-0000-4000-8000-00000000000b";
const parkingUrl = `https://www.notion.so/Parking-${parkingId.replace(/-/g, "")}`;

function parkingBlocks(racks: number) {
  return [
    text("heading_1", "Bicycles"),
    text("paragraph", `The garage has ${racks} bicycle racks on level -1.`),
    block("table", { table_width: 2, has_column_header: true, has_row_header: false }, [
      block("table_row", { cells: [[richText("Level")], [richText("Spaces")]] }),
      block("table_row", { cells: [[richText("-1")], [richText("120 cars")]] }),
    ]),
  ];
}

describe("Notion pages through the real ingest, next to the documents folder", () => {
  it("indexes them cited at their Notion address, re-syncs by last_edited_time, and keeps them when Notion fails", async () => {
    const fake = await startFakeNotion({ token });
    closeAfterTest(() => fake.close());
    fake.putPage(
      { id: parkingId, title: "Parking", lastEdited: "2026-01-05T10:00:00.000Z" },
      parkingBlocks(40),
    );
    fake.putPage({ id: lockersId, title: "Lockers", lastEdited: "2026-01-05T10:01:00.000Z" }, [
      text("paragraph", "Lockers on every floor; keys at the front desk."),
    ]);
    const { ingest, search, ingestWhileFailing } = await ingestWithSources(makeNotionSource(fake.url));

    // First sync: both pages, cited at their Notion address under their title.
    const first = await ingest();
    expect(first).toMatchObject({ added: 6, failed: [], failedSources: [] });
    expect(await search("how many bicycle racks are in the garage")).toMatchObject({
      source: `notion/${parkingId}`,
      sourceName: "notion",
      title: "Parking",
      url: parkingUrl,
    });

    // Unchanged: listed with one search, no page read again.
    fake.requests.length = 0;
    expect(await ingest()).toMatchObject({ added: 0, updated: 0, unchanged: 6 });
    expect(fake.requests).toEqual(["POST /v1/search"]);

    // An edit: only that page's blocks are read again, and the new text is what is found.
    fake.editPage(parkingId, "2026-01-05T11:00:00.000Z", parkingBlocks(60));
    fake.requests.length = 0;
    expect(await ingest()).toMatchObject({ updated: 1, unchanged: 5 });
    expect(fake.requests.filter((request) => request.includes(lockersId))).toEqual([]);
    expect((await search("how many bicycle racks are in the garage"))?.text).toContain("60 bicycle racks");

    // A page that cannot be read this time (Notion answers 500 after every try): reported, its last version kept.
    fake.editPage(lockersId, "2026-01-05T11:05:00.000Z", [
      text("paragraph", "Lockers moved to the basement."),
    ]);
    const serverError = {
      status: 500,
      body: JSON.stringify({
        object: "error",
        status: 500,
        code: "internal_server_error",
        message: "Unexpected error.",
      }),
    };
    fake.intercept((request) => (request.includes(lockersId) ? serverError : undefined));
    const unreadable = await ingest();
    expect(unreadable).toMatchObject({ updated: 0, removed: 0, failedSources: [] });
    expect(unreadable.failed).toEqual([
      expect.objectContaining({ source: `notion/${lockersId}`, reason: expect.stringContaining("HTTP 500") }),
    ]);
    expect((await search("lockers keys front desk"))?.text).toContain("keys at the front desk");
    fake.intercept(() => undefined);
    expect(await ingest()).toMatchObject({ updated: 1, failed: [] });
    expect((await search("where are the lockers"))?.text).toContain("basement");

    // The token is revoked: the run ends partial, naming the source and the variable, and the pages stay found.
    fake.revokeToken();
    await ingestWhileFailing("notion", "NOTION_TOKEN");
    expect(await search("how many bicycle racks are in the garage")).toMatchObject({ url: parkingUrl });
    expect(await search("lockers basement")).toMatchObject({ source: `notion/${lockersId}` });
  });
});
