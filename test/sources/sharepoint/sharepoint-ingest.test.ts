import { describe, expect, it } from "vitest";
import { writeDocx } from "../../../scripts/docx-writer.js";
import { writePdf } from "../../../scripts/pdf-writer.js";
import { closeAfterTest } from "../../helpers/close-after-test.js";
import { ingestWithSources } from "../../helpers/ingest-with-sources.js";
import { FakeGraph } from "./fake-graph.js";
import { sharepointAt } from "./sharepoint-fixture.js";

const site = "https://example.sharepoint.com/sites/HR";

async function seed(fake: FakeGraph): Promise<Record<string, string>> {
  for (const name of ["Policies", "Engineering"]) fake.site.addLibrary(name);
  const travel = writePdf({
    title: "Travel policy",
    pages: [["Travel policy", "The per diem in Lisbon is 95 euros a day."]],
  });
  const onboarding = await writeDocx([
    { heading: 1, text: "Onboarding" },
    { text: "New engineers get their laptop from the service desk on floor three." },
  ]);
  return {
    parking: fake.site.addFile(
      "Policies",
      "parking.md",
      "# Parking\n\nThe garage has 40 bicycle racks on level -1.\n",
    ),
    travel: fake.site.addFile("Policies", "Travel/travel-policy.pdf", travel),
    onboarding: fake.site.addFile("Engineering", "Guides/onboarding.docx", onboarding),
    logo: fake.site.addFile("Policies", "logo.png", Buffer.from([0x89, 0x50, 0x4e, 0x47])),
  };
}

describe("SharePoint libraries through the real ingest, next to the documents folder", () => {
  it("syncs them, cites them at their SharePoint address, re-reads only an edit, and keeps them when Graph refuses", async () => {
    const graph = await new FakeGraph().start();
    closeAfterTest(() => graph.stop());
    const ids = await seed(graph);
    const { ingest, search, searchHits, ingestWhileFailing } = await ingestWithSources(sharepointAt(graph));

    // First sync: Markdown, PDF and Word files from two libraries and a subfolder; the image is skipped.
    expect(await ingest()).toMatchObject({ added: 4 + 3, failed: [], failedSources: [] });
    expect(await search("per diem in Lisbon euros")).toMatchObject({
      source: `policies/Policies/${ids.travel}`,
      sourceName: "policies",
      title: "travel-policy.pdf",
      url: `${site}/Policies/Travel/travel-policy.pdf`,
      scope: "hr",
    });
    expect(await search("laptop service desk floor")).toMatchObject({
      title: "onboarding.docx",
      url: `${site}/Engineering/Guides/onboarding.docx`,
    });
    expect(graph.downloads).toHaveLength(3);

    // An edit: only that file is downloaded again.
    graph.site.editFile(
      "Policies",
      ids.parking as string,
      "# Parking\n\nThe garage has 60 bicycle racks on level -1.\n",
    );
    graph.downloads.length = 0;
    expect(await ingest()).toMatchObject({ added: 0, updated: 1, unchanged: 4 + 2, removed: 0 });
    expect(graph.downloads).toEqual([
      expect.objectContaining({ path: expect.stringContaining(ids.parking as string) }),
    ]);
    expect(await search("how many bicycle racks")).toMatchObject({
      text: expect.stringContaining("60 bicycle racks"),
    });

    // Graph refuses (403): the folder is still synced, the SharePoint documents stay, the run names the permission.
    graph.forbidden = true;
    graph.site.deleteItem("Policies", ids.parking as string);
    await ingestWhileFailing("policies", "grant the Microsoft Graph application permission Sites.Read.All");
    expect(await search("per diem in Lisbon euros")).toMatchObject({ sourceName: "policies" });

    // Once allowed again, the deletion made meanwhile is applied from the saved delta link.
    graph.forbidden = false;
    expect(await ingest()).toMatchObject({ added: 0, updated: 0, removed: 1, failed: [], failedSources: [] });
    const hits = await searchHits("bicycle racks garage", 20);
    expect(hits.map((hit) => hit.chunk.source)).not.toContain(`policies/Policies/${ids.parking}`);
    expect(hits.map((hit) => hit.chunk.source)).toContain(`policies/Policies/${ids.travel}`);
  });
});
