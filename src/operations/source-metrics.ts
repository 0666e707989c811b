import { Gauge, type Registry } from "prom-client";
import type { LastRun, ServedGeneration } from "../index-store/index-store.js";
import { sourceNameOf } from "../sources/folder/folder-source.js";

export interface SourceMetricsSources {
  loadedGeneration(): ServedGeneration | null;
  /** The record of the last ingest runs (each source's last sync and failure); absent: those gauges stay empty. */
  store?: { readLastRun(): Promise<LastRun | null> };
}

/**
 * Each document source, read when scraped: its documents and chunks in the generation being served, when it last
 * synced, and whether its last sync failed (an alert on docent_source_failing catches indexing that silently stops).
 */
export function registerSourceMetrics(registers: Registry[], knowledge: SourceMetricsSources): void {
  const labelNames = ["source"] as const;
  const perSource = (pick: (entry: { chunks: number }) => number) => {
    const totals = new Map<string, number>();
    for (const entry of Object.values(knowledge.loadedGeneration()?.manifest.files ?? {})) {
      const name = sourceNameOf(entry);
      totals.set(name, (totals.get(name) ?? 0) + pick(entry));
    }
    return totals;
  };
  new Gauge({
    name: "docent_source_documents",
    help: "Documents of each source in the index generation being served.",
    labelNames,
    registers,
    collect() {
      this.reset();
      for (const [source, count] of perSource(() => 1)) this.set({ source }, count);
    },
  });
  new Gauge({
    name: "docent_source_chunks",
    help: "Chunks of each source in the index generation being served.",
    labelNames,
    registers,
    collect() {
      this.reset();
      for (const [source, count] of perSource((entry) => entry.chunks)) this.set({ source }, count);
    },
  });
  registerSyncGauges(registers, knowledge);
}

/** Each source's last sync, from the record of the runs (read when scraped). */
function registerSyncGauges(registers: Registry[], knowledge: SourceMetricsSources): void {
  const labelNames = ["source"] as const;
  const syncs = async () => (await knowledge.store?.readLastRun().catch(() => null))?.sources ?? {};
  new Gauge({
    name: "docent_source_last_sync_timestamp_seconds",
    help: "When each source last synced without failing (Unix time; 0: never).",
    labelNames,
    registers,
    async collect() {
      this.reset();
      for (const [source, sync] of Object.entries(await syncs())) {
        this.set({ source }, sync.lastSyncAt === undefined ? 0 : Date.parse(sync.lastSyncAt) / 1000);
      }
    },
  });
  new Gauge({
    name: "docent_source_listing_duration_seconds",
    help: "How long each source's last successful sync took to list what it holds (what changed is read after).",
    labelNames,
    registers,
    async collect() {
      this.reset();
      for (const [source, sync] of Object.entries(await syncs())) {
        if (sync.listingMs !== undefined) this.set({ source }, sync.listingMs / 1000);
      }
    },
  });
  new Gauge({
    name: "docent_source_failing",
    help: "1 when a source's last sync failed (its documents from the last good sync are served), else 0.",
    labelNames,
    registers,
    async collect() {
      this.reset();
      for (const [source, sync] of Object.entries(await syncs()))
        this.set({ source }, sync.lastError ? 1 : 0);
    },
  });
}
