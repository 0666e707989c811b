import { afterEach, describe, expect, it } from "vitest";
import { type FakeNotion, startFakeNotion } from "./fake-notion.js";
import { block, richText, text } from "./notion-objects.js";
import { makeNotionSource, nothingBefore, token } from "./notion-setup.js";

const handbookId = "1f0c2a4e-0000-4000-8000-000000000001";
const runbookId = "1f0c2a4e-0000-4000-8000-000000000002";
const dataSource = {
  id: "d5000000-0000-4000-8000-000000000001",
  databaseId: "db000000-0000-4000-8000-000000000001",
};

let notion: FakeNotion | undefined;
afterEach(async () => {
  await notion?.close();
  notion = undefined;
});

const cell = (words: string) => [richText(words)];

describe("a Notion page read into Markdown through the official client", () => {
  it("keeps headings, nested lists, to-dos, tables, quotes, callouts, code and toggles; sub-pages stay apart", async () => {
    notion = await startFakeNotion({ token, pageSize: 2 });
    notion.putPage({ id: handbookId, title: "Travel policy", lastEdited: "2026-01-05T10:00:00.000Z" }, [
      text("heading_1", "Booking"),
      text("paragraph", [
        richText("Book trains with "),
        richText("Trainline", { bold: true }, "https://www.thetrainline.com"),
        richText(" at least "),
        richText("7 days", { italic: true }),
        richText(" ahead."),
      ]),
      text("bulleted_list_item", "Economy class", [
        text("bulleted_list_item", "Premium economy above 6 hours", [
          text("paragraph", "Ask your manager first."),
        ]),
      ]),
      text("bulleted_list_item", "Receipts within 30 days"),
      text("numbered_list_item", "Submit the form"),
      text("numbered_list_item", "Attach receipts"),
      text("heading_2", "Before you go"),
      block("to_do", { rich_text: [richText("Passport valid")], checked: true, color: "default" }),
      block("to_do", { rich_text: [richText("Insurance card")], checked: false, color: "default" }),
      block("table", { table_width: 2, has_column_header: true, has_row_header: false }, [
        block("table_row", { cells: [cell("City"), cell("Daily allowance")] }),
        block("table_row", { cells: [cell("Paris"), cell("90 | EUR")] }),
        block("table_row", { cells: [cell("Berlin"), cell("80 EUR")] }),
      ]),
      text("quote", "Travel light."),
      block("callout", {
        rich_text: [richText("Hotels over 150 EUR need approval.")],
        icon: { type: "emoji", emoji: "💡" },
        color: "default",
      }),
      block("code", { rich_text: [richText("book --class economy")], caption: [], language: "shell" }),
      text("toggle", "Visa questions", [text("paragraph", "Ask the travel desk.")]),
      block("child_page", { title: "Expense codes" }, [text("paragraph", "not read here")]),
      block("divider", {}),
      block("image", {
        type: "external",
        external: { url: "https://example.com/map.png" },
        caption: [richText("Office map")],
      }),
    ]);
    const source = makeNotionSource(notion.url);
    const listing = await source.list({ previous: nothingBefore });
    const [page] = listing.documents;
    expect(page).toMatchObject({ id: handbookId, title: "Travel policy", mediaType: "text/markdown" });
    const markdown = (await source.read(page as NonNullable<typeof page>)).toString("utf8");
    expect(markdown).toBe(
      [
        "# Travel policy",
        "",
        "## Booking",
        "",
        "Book trains with [**Trainline**](https://www.thetrainline.com) at least _7 days_ ahead.",
        "",
        "- Economy class",
        "",
        "  - Premium economy above 6 hours",
        "",
        "    Ask your manager first.",
        "- Receipts within 30 days",
        "1. Submit the form",
        "2. Attach receipts",
        "",
        "### Before you go",
        "",
        "- [x] Passport valid",
        "- [ ] Insurance card",
        "",
        "| City | Daily allowance |",
        "| --- | --- |",
        "| Paris | 90 \\| EUR |",
        "| Berlin | 80 EUR |",
        "",
        "> Travel light.",
        "",
        "> 💡 Hotels over 150 EUR need approval.",
        "",
        "```shell",
        "book --class economy",
        "```",
        "",
        "Visa questions",
        "",
        "Ask the travel desk.",
        "",
        "Sub-page: Expense codes",
        "",
        "---",
        "",
        "Office map",
        "",
      ].join("\n"),
    );
    // The sub-page's blocks belong to its own document: never read into this one.
    const [subPage] = notion.blockIds("child_page");
    expect(subPage).toBeDefined();
    expect(notion.requests).not.toContain(`GET /v1/blocks/${subPage}/children`);
    expect(notion.requests).toContain(`GET /v1/blocks/${notion.blockIds("toggle")[0]}/children`);
  });

  it("reads a database entry with its database and properties, and the database as a table of its entries", async () => {
    notion = await startFakeNotion({ token });
    notion.putDataSource({ ...dataSource, title: "Runbooks", lastEdited: "2026-01-05T09:30:00.000Z" });
    notion.putPage(
      {
        id: runbookId,
        title: "Restart the API",
        lastEdited: "2026-01-05T11:00:00.000Z",
        dataSource,
        properties: {
          Status: { id: "st", type: "status", status: { id: "s1", name: "Reviewed", color: "green" } },
          Owner: { id: "ow", type: "rich_text", rich_text: [richText("Platform team")] },
          Tags: { id: "tg", type: "multi_select", multi_select: [{ id: "t1", name: "ops", color: "red" }] },
          Reviewed: { id: "rv", type: "checkbox", checkbox: true },
          Related: { id: "rl", type: "relation", relation: [{ id: handbookId }], has_more: false },
        },
      },
      [text("numbered_list_item", "Drain the node"), text("numbered_list_item", "Restart")],
    );
    const source = makeNotionSource(notion.url);
    const listing = await source.list({ previous: nothingBefore });
    expect(listing.documents.map((document) => document.title)).toEqual(["Restart the API", "Runbooks"]);
    const [entry, database] = listing.documents;
    expect((await source.read(entry as NonNullable<typeof entry>)).toString("utf8")).toBe(
      [
        "# Restart the API",
        "",
        "- **Database:** Runbooks",
        "- **Status:** Reviewed",
        "- **Owner:** Platform team",
        "- **Tags:** ops",
        "- **Reviewed:** yes",
        "",
        "1. Drain the node",
        "2. Restart",
        "",
      ].join("\n"),
    );
    // The database itself: a table of its entries, linked to them, with the properties that have values.
    expect(database).toMatchObject({
      id: dataSource.id,
      url: "https://www.notion.so/db000000000040008000000000000001",
    });
    expect((await source.read(database as NonNullable<typeof database>)).toString("utf8")).toBe(
      [
        "# Runbooks",
        "",
        "| Name | Status |",
        "| --- | --- |",
        `| [Restart the API](https://www.notion.so/Restart-the-API-${runbookId.replace(/-/g, "")}) | Reviewed |`,
        "",
      ].join("\n"),
    );
    expect(notion.requests).toContain(`POST /v1/data_sources/${dataSource.id}/query`);
  });
});
