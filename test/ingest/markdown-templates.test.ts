import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LocalEmbeddings } from "../../src/embeddings/local-embeddings.js";
import { openCurrentFileGeneration } from "../../src/index-store/files/load-file-generation.js";
import { runDocent } from "../helpers/run-docent.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";

const travelPage = `---
title: Travel
layout: default
redirect_from:
  - /old-travel/
---

{% comment %}
Internal note: the rates below are reviewed every January.
{% endcomment %}
# Booking travel

Book trips in [Concur]({% page "/tools/concur/" %}) and ask in {% slack_channel "travel" %} if you are stuck,
or in {%slack_channel "travel-help"
  "the travel help desk" %} for urgent cases. The {{ site.title }} travel rules are on
{% link "https://www.gsa.gov" %}.

{% alert "Per diem rates changed in 2024" %}
Check the new rates before you book.
{% endalert %}

{% image "_img/travel/map.png" "a map of the travel zones" %}
See [the leave policy]({{< ref "leave.md" >}}) for time off.{{% notice info %}}{{% /notice %}}

{% raw %}Write {% page "/x/" %} to link a page.{% endraw %}

\`\`\`liquid
{% raw %}[Handbook]({% page "/handbook/" %}){% endraw %}
{{ page.title }}
\`\`\`
`;

async function ingestAndReadChunks(docsDir: string, indexDir: string) {
  const run = await runDocent(["ingest", "--json"], {
    env: { DOCENT_DOCS_DIR: docsDir, DOCENT_INDEX_DIR: indexDir },
  });
  const index = await openCurrentFileGeneration(indexDir, new LocalEmbeddings().id);
  return { run, chunks: index.chunks.readAll() };
}

/** Text outside code fences. */
function withoutFences(text: string): string {
  return text.replace(/```[^`]*```/g, "");
}

/** Text outside code fences and inline code spans. */
function withoutCode(text: string): string {
  return withoutFences(text).replace(/`[^`\n]*`/g, "");
}

describe("Markdown cleanup: front matter and template tags (issue #10, item 5)", () => {
  it("keeps the text people read, drops template syntax, and leaves code fences verbatim", async () => {
    const root = await makeTempFolder();
    const docsDir = path.join(root, "docs");
    await writeFiles(docsDir, { "travel.md": travelPage });
    const { run, chunks } = await ingestAndReadChunks(docsDir, path.join(root, "index"));
    expect(run.code, run.stderr).toBe(0);
    const text = chunks.map((chunk) => chunk.text).join("\n\n");

    expect(chunks[0]?.title).toBe("Travel");
    expect(text).toContain(
      "Book trips in [Concur](/tools/concur/) and ask in #travel if you are stuck,\n" +
        "or in the travel help desk for urgent cases. The travel rules are on\nhttps://www.gsa.gov.",
    );
    expect(text).toContain("Per diem rates changed in 2024\nCheck the new rates before you book.");
    expect(text).toContain("See [the leave policy](leave.md) for time off.");
    expect(text).toContain('Write {% page "/x/" %} to link a page.');
    expect(text).toContain(
      '```liquid\n{% raw %}[Handbook]({% page "/handbook/" %}){% endraw %}\n{{ page.title }}\n```',
    );
    const prose = withoutFences(text).replace('Write {% page "/x/" %} to link a page.', "");
    expect(prose).not.toMatch(/\{%|%\}|\{\{|\}\}/);
    expect(text).not.toMatch(/layout: default|redirect_from|Internal note|travel\/map\.png/);
  });

  it("skips a page with no content after its front matter (a redirect stub) instead of failing", async () => {
    const root = await makeTempFolder();
    const docsDir = path.join(root, "docs");
    await writeFiles(docsDir, {
      "travel.md": travelPage,
      "redirects/old-travel.md": "---\ntitle: Old travel page\nredirect_to: /travel/\n---\n",
      "redirects/comment-only.md": "---\ntitle: Moved\n---\n{% comment %}moved to the wiki{% endcomment %}\n",
    });
    const { run, chunks } = await ingestAndReadChunks(docsDir, path.join(root, "index"));
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ added: 1, failed: [] });
    expect(new Set(chunks.map((chunk) => chunk.source))).toEqual(new Set(["travel.md"]));
  });
});

const handbook = fileURLToPath(new URL("../../../shared/data/handbook-18f", import.meta.url));
const handbookSkip = existsSync(handbook) ? "" : ` (skipped: the 18F handbook is not at ${handbook})`;

describe.skipIf(handbookSkip !== "")(`docent ingest of the real 18F handbook${handbookSkip}`, () => {
  it("exits 0: redirect stubs are skipped, and no template tag reaches the index outside code", async () => {
    const root = await makeTempFolder();
    const { run, chunks } = await ingestAndReadChunks(handbook, path.join(root, "index"));
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim()).failed).toEqual([]);
    // The pages that document the shortcodes show them to their readers as code, written in {% raw %} blocks.
    const withTags = chunks.filter((chunk) => /\{%|\{\{/.test(withoutCode(chunk.text)));
    expect([...new Set(withTags.map((chunk) => chunk.source))]).toEqual([]);
    const components = chunks.filter((chunk) => chunk.source === "pages/updating-the-handbook/components.md");
    expect(components.map((chunk) => chunk.text).join("\n")).toContain("`{%include%}` directive");
  }, 60_000);
});
