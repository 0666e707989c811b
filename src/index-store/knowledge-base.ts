import type { SearchHit } from "../documents/chunk.js";
import type { Embedder } from "../embeddings/embedder.js";
import { DocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import type { Vocabulary } from "../retrieval/vocabulary.js";
import type { IndexStore, SearchOptions, ServedGeneration } from "./index-store.js";
import { assertSameEmbedder, type Manifest } from "./manifest.js";

export interface LoadFailure {
  generation: string;
  code: string;
  /** ISO time of the failed attempt. */
  at: string;
}

/** Searches look at the current-generation pointer at most this often. */
const recheckIntervalMs = 1000;

/**
 * The index a running bot serves. Searches look at the store's current generation (at most once a second); when
 * an ingest (this replica's, another replica's, the CLI's) has published a new generation, it is opened and
 * swapped in without a restart. current() looks at once (after a reindex). If the new generation cannot be
 * opened, the old one keeps serving and it is logged.
 */
export class KnowledgeBase {
  private loaded: ServedGeneration | null = null;
  private loading: Promise<ServedGeneration> | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private failure: LoadFailure | null = null;

  constructor(
    readonly store: IndexStore,
    readonly embedder: Embedder,
    private readonly logger: Logger,
  ) {}

  async search(question: string, options: SearchOptions): Promise<SearchHit[]> {
    if (options.k <= 0 || question.trim() === "") return [];
    const generation = await this.served();
    const hits = await generation.search(question, await this.embedder.embedQuery(question), options);
    return withOrigins(hits, generation.manifest);
  }

  /**
   * The index terms of the generation searches use, with how many chunks hold each (what spelling correction
   * checks a question's words against). Read-only; made once per generation and kept with it: the file store's
   * is a view of the keyword index already in memory, the pgvector store's one query over its `lexemes` rows.
   */
  async vocabulary(): Promise<Vocabulary> {
    return (await this.served()).vocabulary();
  }

  /** The generation in use, looking for a newer one at most once a second. */
  private async served(): Promise<ServedGeneration> {
    const recent = this.loaded !== null && performance.now() - this.checkedAt < recheckIntervalMs;
    return recent && this.loaded ? this.loaded : await this.current();
  }

  /** The generation in use, switching to a newer published one first when there is one. */
  async current(): Promise<ServedGeneration> {
    this.checkedAt = performance.now();
    const name = await this.store.currentGeneration();
    if (name === null) {
      if (this.loaded) return this.loaded;
      throw new DocentError(
        "INDEX_MISSING",
        `There is no index in ${this.store.description} yet. Run \`docent ingest\`.`,
      );
    }
    if (this.loaded?.manifest.generation === name) return this.loaded;
    this.loading ??= this.open(name).finally(() => {
      this.loading = null;
    });
    try {
      return await this.loading;
    } catch (error) {
      this.failure = {
        generation: name,
        code: error instanceof DocentError ? error.code : "INTERNAL",
        at: new Date().toISOString(),
      };
      if (this.loaded === null) throw error;
      this.logger.error(
        { err: error, generation: name },
        "new index generation could not be loaded; keeping the old one",
      );
      return this.loaded;
    }
  }

  /** The newest published generation, when it could not be opened (the one before keeps serving); else null. */
  lastLoadFailure(): LoadFailure | null {
    return this.failure;
  }

  /** The generation in use without looking for a newer one (null before the first search). */
  loadedGeneration(): ServedGeneration | null {
    return this.loaded;
  }

  private async open(name: string): Promise<ServedGeneration> {
    const started = performance.now();
    const manifest = await this.store.readManifest(name);
    assertSameEmbedder(manifest, this.embedder.id);
    const generation = await this.store.openGeneration(manifest);
    const previous = this.loaded?.manifest.generation ?? null;
    this.loaded = generation;
    this.failure = null;
    this.logger.info(
      {
        generation: manifest.generation,
        previous,
        chunks: manifest.counts.chunks,
        loadMs: Math.round(performance.now() - started),
      },
      "index generation loaded",
    );
    return generation;
  }
}

/**
 * Each hit's chunk with the source it came from and its document's address, as the generation's manifest records
 * them for its document (citations link to the address).
 */
function withOrigins(hits: SearchHit[], manifest: Manifest): SearchHit[] {
  return hits.map((hit) => {
    const entry = manifest.files[hit.chunk.source];
    if (entry?.sourceName === undefined && entry?.url === undefined) return hit;
    const origin = {
      ...(entry.sourceName === undefined ? {} : { sourceName: entry.sourceName }),
      ...(entry.url === undefined ? {} : { url: entry.url }),
    };
    return { ...hit, chunk: { ...hit.chunk, ...origin } };
  });
}
