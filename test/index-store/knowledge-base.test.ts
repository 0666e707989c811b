import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createFileIndexStore } from "../../src/index-store/files/file-index-store.js";
import { KnowledgeBase } from "../../src/index-store/knowledge-base.js";
import { silentLogger } from "../../src/logging/logger.js";
import { createOperationsMetrics } from "../../src/operations/metrics.js";
import { indexLoaded } from "../../src/operations/readiness-checks.js";
import { CountingEmbedder } from "../helpers/counting-embedder.js";
import { ingestFolder } from "../helpers/ingest-fixture.js";
import { makeTempFolder, writeFiles } from "../helpers/temp-folder.js";
import { parsePrometheusText } from "../operations/metrics-text.js";

describe("KnowledgeBase, when a newer generation cannot be opened", () => {
  it("keeps serving the one it has, and says so to /readyz and /metrics until a good one is published", async () => {
    const root = await makeTempFolder();
    const docsDir = path.join(root, "docs");
    const indexDir = path.join(root, "index");
    await writeFiles(docsDir, {
      "leave.md": "# Leave\n\nParents get sixteen weeks of paid parental leave.\n",
    });
    const embedder = new CountingEmbedder();
    const store = createFileIndexStore(indexDir);
    const first = await ingestFolder(docsDir, "", embedder, { store });
    const knowledge = new KnowledgeBase(store, embedder, silentLogger);
    await knowledge.current();
    const metrics = createOperationsMetrics({ knowledge, engine: null });
    const failedGauge = async () =>
      parsePrometheusText(await metrics.registry.metrics()).find(
        (sample) => sample.name === "docent_index_newer_generation_failed",
      )?.value;
    expect(await failedGauge()).toBe(0);
    const builtAt = parsePrometheusText(await metrics.registry.metrics()).find(
      (sample) => sample.name === "docent_index_built_timestamp_seconds",
    )?.value;
    expect(builtAt).toBe(Date.parse((await knowledge.current()).manifest.createdAt) / 1000);
    expect(Math.abs((builtAt ?? 0) - Date.now() / 1000)).toBeLessThan(600);

    // A second generation is published whose manifest is damaged.
    await writeFiles(docsDir, { "expenses.md": "# Expenses\n\nSubmit receipts within thirty days.\n" });
    const second = await ingestFolder(docsDir, "", embedder, { store });
    await writeFile(
      path.join(indexDir, "generations", second.generation as string, "manifest.json"),
      "{ broken",
    );
    const serving = await knowledge.current();
    expect(serving.manifest.generation).toBe(first.generation);
    expect(knowledge.lastLoadFailure()).toMatchObject({
      generation: second.generation,
      code: "INDEX_CORRUPT",
    });
    expect(await indexLoaded(knowledge)()).toMatchObject({
      ok: true,
      generation: first.generation,
      newerGenerationFailed: { generation: second.generation },
    });
    expect(await failedGauge()).toBe(1);

    // The next good generation clears it.
    await writeFiles(docsDir, { "travel.md": "# Travel\n\nBook trains for trips under four hours.\n" });
    const third = await ingestFolder(docsDir, "", embedder, { store, rebuild: true });
    expect((await knowledge.current()).manifest.generation).toBe(third.generation);
    expect(knowledge.lastLoadFailure()).toBeNull();
    expect(await failedGauge()).toBe(0);
  });
});
