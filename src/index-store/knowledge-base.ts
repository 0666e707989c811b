import type { SearchHit } from "../documents/chunk.js";
import type { Embedder } from "../embeddings/embedder.js";
import { DocentError, isDocentError } from "../errors.js";
import type { Logger } from "../logging/logger.js";
import type { Vocabulary } from "../retrieval/vocabulary.js";
import type { IndexStore, SearchOptions, ServedGeneration } from "./index-store.js";
import { assertSameEmbedder, type Manifest } from "./manifest.js";

export interface LoadFailure {
  /** The generation that could not be opened, or "CURRENT" when the pointer to it could not be read. */
  generation: string;
  code: string;
  /** ISO time of the failed attempt. */
  at: string;
}

/** What a LoadFailure names when the pointer to the current generation (the file store's CURRENT) was damaged. */
const pointerName = "CURRENT";

/** Searches look at the current-generation pointer at most this often. */
const recheckIntervalMs = 1000;

/** A generation that could not be opened, remembered with what its files looked like then. */
interface Unopenable {
  fingerprint: string;
  error: unknown;
}

/**
 * The index a running bot serves. Searches look at the store's current generation (at most once a second); when
 * an ingest (this replica's, another replica's, the CLI's) has published a new generation, it is opened and
 * swapped in without a restart. current() looks at once (after a reindex).
 *
 * A published generation that cannot be opened (damaged, or built by another embedder) is logged once and
 * remembered: it is not read again until its files change (the store's fingerprint), so a bot is not re-reading a
 * damaged 160 MB graph every second. Meanwhile the generation already loaded keeps serving; at start, with none
 * loaded yet, the newest other generation kept on disk (the one before, kept for rollback) is served instead, and
 * fallbackNotice() says so. Only when none opens does current() fail.
 */
export class KnowledgeBase {
  private loaded: ServedGeneration | null = null;
  private loading: Promise<ServedGeneration> | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private failure: LoadFailure | null = null;
  private failureMessage = "";
  private readonly unopenable = new Map<string, Unopenable>();

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
    let name: string | null;
    try {
      name = await this.store.currentGeneration();
    } catch (error) {
      if (!isDocentError(error, "INDEX_CORRUPT")) throw error;
      // The pointer itself is damaged: it names no generation to try.
      this.loading ??= this.serveInstead(null, error).finally(() => {
        this.loading = null;
      });
      return await this.loading;
    }
    if (name === null) {
      if (this.loaded) return this.loaded;
      throw new DocentError(
        "INDEX_MISSING",
        `There is no index in ${this.store.description} yet. Run \`docent ingest\`.`,
      );
    }
    if (this.loaded?.manifest.generation === name) return this.loaded;
    const published = name;
    this.loading ??= this.open(published)
      .then((generation) => {
        this.failure = null;
        return generation;
      })
      .catch((error: unknown) => this.serveInstead(published, error))
      .finally(() => {
        this.loading = null;
      });
    return await this.loading;
  }

  /** The published generation (null: the pointer) when it could not be opened and another serves; else null. */
  lastLoadFailure(): LoadFailure | null {
    return this.failure;
  }

  /** A sentence for an operator when a generation other than the published one serves, else null. */
  fallbackNotice(): string | null {
    if (this.failure === null || this.loaded === null) return null;
    const what =
      this.failure.generation === pointerName ? "" : `The index generation ${this.failure.generation}: `;
    return `${what}${this.failureMessage} Until then, answers come from the generation ${this.loaded.manifest.generation}.`;
  }

  /** The generation in use without looking for a newer one (null before the first search). */
  loadedGeneration(): ServedGeneration | null {
    return this.loaded;
  }

  /**
   * The published generation (null: the pointer) could not be opened: the one loaded keeps serving; with none
   * loaded yet, the newest other generation kept on disk that opens. Throws the first error when none does.
   */
  private async serveInstead(published: string | null, error: unknown): Promise<ServedGeneration> {
    this.recordFailure(published, error);
    if (this.loaded) return this.loaded;
    for (const other of (await this.store.listGenerations()).reverse()) {
      if (other === published) continue;
      const generation = await this.open(other).catch(() => null);
      if (generation === null) continue;
      this.logger.warn(
        { err: error, generation: published, serving: other },
        "the published index generation could not be opened; serving the one kept before it",
      );
      return generation;
    }
    throw error;
  }

  private recordFailure(published: string | null, error: unknown): void {
    const generation = published ?? pointerName;
    const code = error instanceof DocentError ? error.code : "INTERNAL";
    const message = error instanceof Error ? error.message : String(error);
    if (
      this.failure?.generation === generation &&
      this.failure.code === code &&
      this.failureMessage === message
    ) {
      return;
    }
    this.failureMessage = message;
    this.failure = { generation, code, at: new Date().toISOString() };
    if (this.loaded === null) return;
    this.logger.error(
      { err: error, generation: published },
      "new index generation could not be loaded; keeping the old one",
    );
  }

  /** Opens a generation, unless it is one found unopenable before whose files have not changed since. */
  private async open(name: string): Promise<ServedGeneration> {
    const fingerprint = (await this.store.fingerprintGeneration?.(name)) ?? "";
    const known = this.unopenable.get(name);
    if (known !== undefined && known.fingerprint === fingerprint) throw known.error;
    const started = performance.now();
    let generation: ServedGeneration;
    try {
      const manifest = await this.store.readManifest(name);
      assertSameEmbedder(manifest, this.embedder.id);
      generation = await this.store.openGeneration(manifest);
    } catch (error) {
      // What the files say does not change by itself; a store that cannot be reached (a database) may recover.
      if (isDocentError(error, "INDEX_CORRUPT") || isDocentError(error, "INDEX_INCOMPATIBLE")) {
        this.unopenable.set(name, { fingerprint, error });
      }
      throw error;
    }
    this.unopenable.delete(name);
    const previous = this.loaded?.manifest.generation ?? null;
    this.loaded = generation;
    this.logger.info(
      {
        generation: name,
        previous,
        chunks: generation.manifest.counts.chunks,
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
