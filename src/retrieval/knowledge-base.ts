import type { SearchHit } from "../documents/chunk.js";
import type { Embedder } from "../embeddings/embedder.js";
import { DocentError } from "../errors.js";
import { readCurrentGeneration } from "../index-store/generation-store.js";
import { generationFiles, indexPaths } from "../index-store/index-paths.js";
import { assertSameEmbedder, readManifest } from "../index-store/manifest.js";
import { type KnowledgeIndex, loadGeneration } from "../index-store/open-index.js";
import type { Logger } from "../logging/logger.js";
import { type SearchOptions, searchIndex } from "./search-index.js";

/** Searches look at the CURRENT pointer at most this often (a file read costs 0.6 ms, up to 16 ms under load). */
const recheckIntervalMs = 1000;

/**
 * The index a running bot serves. Searches look at the CURRENT pointer (at most once a second); when an ingest
 * has published a new generation, the new one is loaded and swapped in without a restart. current() looks at
 * once (after a reindex). If the new generation cannot be loaded, the old one keeps serving and it is logged.
 */
export class KnowledgeBase {
  private loaded: KnowledgeIndex | null = null;
  private loading: Promise<KnowledgeIndex> | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly indexDir: string,
    readonly embedder: Embedder,
    private readonly logger: Logger,
  ) {}

  async search(question: string, options: SearchOptions): Promise<SearchHit[]> {
    const recent = this.loaded !== null && performance.now() - this.checkedAt < recheckIntervalMs;
    return searchIndex(
      recent && this.loaded ? this.loaded : await this.current(),
      this.embedder,
      question,
      options,
    );
  }

  /** The generation in use, switching to a newer published one first when there is one. */
  async current(): Promise<KnowledgeIndex> {
    this.checkedAt = performance.now();
    const folder = await readCurrentGeneration(indexPaths(this.indexDir));
    if (folder === null) {
      if (this.loaded) return this.loaded;
      throw new DocentError(
        "INDEX_MISSING",
        `There is no index in ${this.indexDir} yet. Run \`docent ingest\`.`,
      );
    }
    if (this.loaded?.folder === folder) return this.loaded;
    this.loading ??= this.load(folder).finally(() => {
      this.loading = null;
    });
    try {
      return await this.loading;
    } catch (error) {
      if (this.loaded === null) throw error;
      this.logger.error(
        { err: error, generation: folder },
        "new index generation could not be loaded; keeping the old one",
      );
      return this.loaded;
    }
  }

  private async load(folder: string): Promise<KnowledgeIndex> {
    const started = performance.now();
    const manifest = await readManifest(generationFiles(folder).manifest);
    assertSameEmbedder(manifest, this.embedder.id);
    const index = await loadGeneration(folder, manifest);
    const previous = this.loaded?.manifest.generation ?? null;
    this.loaded = index;
    this.logger.info(
      {
        generation: manifest.generation,
        previous,
        chunks: manifest.counts.chunks,
        loadMs: Math.round(performance.now() - started),
      },
      "index generation loaded",
    );
    return index;
  }
}
