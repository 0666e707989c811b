import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SourceListing } from "../../../src/sources/document-source.js";
import { FakeGraph } from "./fake-graph.js";
import { byTitle, nothingYet, seedSite, sharepointAt, storedAs } from "./sharepoint-fixture.js";

let graph: FakeGraph;
let ids: Record<string, string>;
beforeEach(async () => {
  graph = await new FakeGraph().start();
  ids = seedSite(graph);
});
afterEach(() => graph.stop());

const site = "https://example.sharepoint.com/sites/HR";

function documentOf(listing: SourceListing, title: string) {
  const found = listing.documents.find((document) => document.title === title);
  if (found === undefined) throw new Error(`${title} is not listed`);
  return found;
}

describe("the SharePoint source, through Microsoft Graph's client against a loopback Graph", () => {
  it("lists every library the entry maps, subfolders included, with scopes, titles, addresses and media types", async () => {
    const source = sharepointAt(graph);
    await source.check();
    const listing = await source.list({ previous: nothingYet });
    expect(byTitle(listing)).toEqual({
      "leave.md": expect.objectContaining({ scope: "hr", url: `${site}/Policies/leave.md` }),
      "expenses.md": expect.objectContaining({ scope: "hr", url: `${site}/Policies/Travel/expenses.md` }),
      "per-diem.txt": expect.objectContaining({ scope: "hr", url: `${site}/Policies/Travel/per-diem.txt` }),
      "runbook.html": expect.objectContaining({
        scope: "engineering",
        url: `${site}/Engineering/runbook.html`,
      }),
      "escalation.md": expect.objectContaining({
        scope: "engineering",
        url: `${site}/Engineering/Oncall/escalation.md`,
      }),
    });
    expect(documentOf(listing, "per-diem.txt")).toMatchObject({
      id: `Policies/${ids.perDiem}`,
      mediaType: "text/plain",
    });
    expect(documentOf(listing, "runbook.html").mediaType).toBe("text/html");
    // The image is skipped; the library mapped to no scope is skipped unread.
    expect(listing.skipped).toEqual([`Policies/${ids.logo}`, "Archive"]);
    // Every page was followed: the site, 2 pages of drives, 3 delta pages for Policies and 2 for Engineering.
    expect(graph.count(/:\/sites\/HR$/)).toBe(1);
    expect(graph.count(/\/drives$/)).toBe(2);
    expect(graph.count(/root\/delta$/)).toBe(5);
  });

  it("reads a file through the download address Graph redirects to, without sending the token there", async () => {
    const source = sharepointAt(graph);
    const listing = await source.list({ previous: nothingYet });
    const bytes = await source.read(documentOf(listing, "expenses.md"));
    expect(bytes.toString("utf8")).toBe("# Expenses\n\nKeep every receipt for 90 days.\n");
    expect(graph.downloads).toEqual([
      { path: expect.stringContaining(ids.expenses as string), authorization: undefined },
    ]);
    // A file deleted between the listing and the read is a reason, not a crash.
    graph.site.deleteItem("Policies", ids.leave as string);
    await expect(source.read(documentOf(listing, "leave.md"))).rejects.toThrow(
      "The policies source found file leave.md gone from its library (HTTP 404): the next sync drops it",
    );
  });

  it("asks only for the changes on a re-sync: an unchanged site costs one delta request per library", async () => {
    const first = await sharepointAt(graph).list({ previous: nothingYet });
    graph.requests.length = 0;
    const again = await sharepointAt(graph).list({ previous: storedAs(first) });
    expect(byTitle(again)).toEqual(byTitle(first));
    expect(graph.requests.filter((request) => request.includes("delta"))).toHaveLength(2);
    expect(graph.requests).toHaveLength(1 + 1 + 2 + 2); // token, site, 2 pages of drives, one delta per library
    expect(graph.downloads).toEqual([]);
  });

  it("applies an edit, an addition, a deletion, a rename and a move out of the synced libraries", async () => {
    const first = await sharepointAt(graph).list({ previous: nothingYet });
    graph.site.editFile(
      "Policies",
      ids.leave as string,
      "# Leave\n\nEveryone gets 32 days of paid leave a year.\n",
    );
    const added = graph.site.addFile("Engineering", "Oncall/handover.md", "# Handover\n\nWrite the log.\n");
    graph.site.deleteItem("Policies", ids.perDiem as string);
    graph.site.renameFile("Engineering", ids.runbook as string, "runbook-v2.html");
    graph.site.moveFile("Policies", ids.expenses as string, "Archive");
    graph.requests.length = 0;
    const second = await sharepointAt(graph).list({ previous: storedAs(first) });
    expect(Object.keys(byTitle(second)).sort()).toEqual([
      "escalation.md",
      "handover.md",
      "leave.md",
      "runbook-v2.html",
    ]);
    expect(documentOf(second, "leave.md").version).not.toBe(documentOf(first, "leave.md").version);
    expect(documentOf(second, "escalation.md").version).toBe(documentOf(first, "escalation.md").version);
    expect(documentOf(second, "handover.md")).toMatchObject({
      id: `Engineering/${added}`,
      scope: "engineering",
    });
    expect(documentOf(second, "runbook-v2.html")).toMatchObject({
      id: `Engineering/${ids.runbook}`,
      url: `${site}/Engineering/runbook-v2.html`,
    });
    // Only the changes were asked for, from the saved links: Policies' 3 in 2 pages, Engineering's 2 in one.
    expect(graph.requests.filter((request) => request.includes("delta"))).toHaveLength(3);
    expect(graph.downloads).toEqual([]);
    // And the listing after that is the same again, from the new link.
    const third = await sharepointAt(graph).list({ previous: storedAs(second) });
    expect(byTitle(third)).toEqual(byTitle(second));
  });

  it("reads a library whole again when its delta link has expired (410 Gone), and loses what went meanwhile", async () => {
    const first = await sharepointAt(graph).list({ previous: nothingYet });
    graph.site.deleteItem("Policies", ids.leave as string);
    graph.expiredBefore = graph.site.sequence + 1;
    graph.requests.length = 0;
    const second = await sharepointAt(graph).list({ previous: storedAs(first) });
    expect(Object.keys(byTitle(second)).sort()).toEqual([
      "escalation.md",
      "expenses.md",
      "per-diem.txt",
      "runbook.html",
    ]);
    // Each library: the expired link, then the whole drive from the Location Graph gave (3 + 2 pages).
    expect(graph.requests.filter((request) => request.includes("delta"))).toHaveLength(2 + 3 + 2);
  });

  it("reads a library whole again when the index does not hold what was listed (a file failed to be read)", async () => {
    const first = await sharepointAt(graph).list({ previous: nothingYet });
    // The ingest could not read expenses.md, so the index has no version of it; the delta feed will never say it again.
    const kept = first.documents
      .map((document) => document.id)
      .filter((id) => id !== `Policies/${ids.expenses}`);
    graph.requests.length = 0;
    const second = await sharepointAt(graph).list({ previous: storedAs(first, kept) });
    expect(byTitle(second)).toEqual(byTitle(first));
    expect(graph.count(/root\/delta$/)).toBe(3 + 1); // Policies whole (3 pages), Engineering's changes (1)
  });

  it("reports a file larger than DOCENT_MAX_FILE_MB under failed, never downloads it, and refuses one that grew", async () => {
    const big = graph.site.addFile("Policies", "Travel/big.md", `# Big\n\n${"x".repeat(2_000)}\n`);
    const source = sharepointAt(graph, { maxDocumentBytes: 1_000 });
    const listing = await source.list({ previous: nothingYet });
    expect(listing.failed).toEqual([
      { id: `Policies/${big}`, reason: "file is larger than the 0.00095 MB limit (DOCENT_MAX_FILE_MB)" },
    ]);
    expect(listing.documents.map((document) => document.title)).not.toContain("big.md");
    graph.site.editFile("Policies", ids.leave as string, `# Leave\n\n${"y".repeat(5_000)}\n`);
    await expect(source.read(documentOf(listing, "leave.md"))).rejects.toThrow(
      "file is larger than the 0.00095 MB limit (DOCENT_MAX_FILE_MB)",
    );
    expect(graph.downloads.filter((download) => download.path.includes(big))).toEqual([]);
  });

  it("lists only the libraries the entry names, with one scope for all of them", async () => {
    const source = sharepointAt(graph, {
      libraries: ["Engineering", "Archive"],
      scopes: { Engineering: "eng", Archive: "eng" },
    });
    const listing = await source.list({ previous: nothingYet });
    expect(Object.keys(byTitle(listing)).sort()).toEqual(["escalation.md", "old.md", "runbook.html"]);
    expect(listing.skipped).toEqual([]);
  });
});
