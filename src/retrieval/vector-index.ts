import hnswlib from "hnswlib-node";
import { DocentError } from "../errors.js";
import { checkGraphFile, type GraphExpectation } from "./graph-file.js";
import { type FileRecord, rebuildAdvice } from "./index-file.js";

/**
 * The vector side of the index: hnswlib (cosine) with numeric labels. Labels are slots that outlive a
 * generation: an incremental ingest loads the previous graph, marks the chunks of changed and deleted files
 * deleted, and re-uses their labels for new chunks, so nothing unchanged is re-embedded or re-inserted.
 */
const graphNeighbours = 16;
const constructionBreadth = 200;
/** Measured at 99,674 chunks: ef 100 recall@10 0.889, ef 200 0.952 at the same p50 (0.52 ms), ef 400 0.982 (0.93 ms). */
const searchBreadth = 200;
/** Scopes this small (in chunks) are searched exactly: cheap, and complete by construction. */
const exactSearchLimit = 256;
/** Scopes with at least this share of the index are searched unfiltered, this many times deeper, then filtered. */
const minimumShareForOverfetch = 0.1;
const overfetchFactor = 1.5;

export interface VectorHit {
  label: number;
  /** Cosine similarity in [-1, 1]. */
  similarity: number;
}

export interface LabelFilter {
  allows(label: number): boolean;
  /** Every label the filter allows, for exact search over small scopes. */
  labels(): readonly number[];
}

export class VectorIndex {
  /** See scopeVectors. Keyed by the label list itself; a graph being built (added to) is never searched. */
  private readonly exactScopes = new WeakMap<readonly number[], ScopeVectors>();

  private constructor(
    private readonly graph: hnswlib.HierarchicalNSW,
    readonly dimensions: number,
  ) {
    graph.setEf(searchBreadth);
  }

  static create(dimensions: number, capacity: number): VectorIndex {
    const graph = new hnswlib.HierarchicalNSW("cosine", dimensions);
    graph.initIndex({
      maxElements: Math.max(capacity, 16),
      m: graphNeighbours,
      efConstruction: constructionBreadth,
      randomSeed: 100,
    });
    return new VectorIndex(graph, dimensions);
  }

  /**
   * Loads a graph file saved by save(), checked (graph-file.ts) against what the manifest says of it: hnswlib reads
   * its file natively and trusts every byte, so it starts reading only once the file's length and header have
   * passed (all its read depends on), and the graph is handed out only once the whole file has (the links every
   * search follows, and the checksum). The rest of the check runs while hnswlib reads, in the thread pool.
   */
  static async load(file: string, expected: GraphExpectation): Promise<VectorIndex> {
    const read: { graph?: Promise<hnswlib.HierarchicalNSW> } = {};
    await checkGraphFile(file, expected, graphNaming(file), () => {
      read.graph = readGraph(file, expected.dimensions);
      // Awaited below once the whole file has passed; when it has not, the graph read is dropped unused.
      read.graph.catch(() => undefined);
    });
    if (read.graph === undefined) throw new DocentError("INTERNAL", `${file} was checked without being read`);
    return new VectorIndex(await read.graph, expected.dimensions);
  }

  /** Checks a saved graph file as load() will (a short write fails here) and gives its length and checksum. */
  static describeFile(file: string, expected: Omit<GraphExpectation, "record">): Promise<FileRecord> {
    return checkGraphFile(file, expected, graphNaming(file));
  }

  /** Adds a vector under a label, or replaces the vector of a label that was removed. */
  add(label: number, vector: number[]): void {
    if (vector.length !== this.dimensions) {
      throw new DocentError(
        "INDEX_INCOMPATIBLE",
        `A vector has ${vector.length} dimensions; this index has ${this.dimensions}. Run \`docent ingest --rebuild\`.`,
      );
    }
    const capacity = this.graph.getMaxElements();
    if (label >= capacity || this.graph.getCurrentCount() >= capacity) {
      this.graph.resizeIndex(Math.max(capacity * 2, label + 1));
    }
    this.graph.addPoint(vector, label);
  }

  /** Sets the capacity to `capacity` slots (never below the count held, nor 16): a graph built with room to grow
   * then has the size, and the file, of one created for exactly its chunks. */
  fitCapacity(capacity: number): void {
    const fitted = Math.max(capacity, 16, this.graph.getCurrentCount());
    if (fitted !== this.graph.getMaxElements()) this.graph.resizeIndex(fitted);
  }

  remove(label: number): void {
    this.graph.markDelete(label);
  }

  search(vector: readonly number[], wanted: number, filter?: LabelFilter): VectorHit[] {
    if (vector.length !== this.dimensions) {
      throw new DocentError(
        "INDEX_INCOMPATIBLE",
        `The question's vector has ${vector.length} dimensions but the index holds ${this.dimensions}: the embedder ` +
          "is not the one that built the index. Run `docent ingest --rebuild`.",
      );
    }
    const size = this.graph.getCurrentCount();
    const count = Math.min(wanted, size);
    if (count <= 0) return [];
    const allowed = filter?.labels();
    if (allowed === undefined || filter === undefined) return this.searchGraph(vector, count);
    if (allowed.length <= exactSearchLimit) return this.searchExactly(vector, count, allowed);
    // A scope holding a good share of the index: search without the filter, deeper and broader, and keep the
    // allowed hits. Measured at 100k chunks, 1 scope of 4: hnswlib calling the JavaScript filter per candidate took
    // 2.4 ms p50 (recall@10 0.988); this path 1.7 ms for the whole search call (see BENCHMARKS.md for its recall).
    const share = allowed.length / size;
    if (share >= minimumShareForOverfetch) {
      const deeper = Math.min(size, Math.ceil((count / share) * overfetchFactor));
      const hits = this.searchGraph(vector, deeper, undefined, 2 * searchBreadth).filter((hit) =>
        filter.allows(hit.label),
      );
      if (hits.length >= count) return hits.slice(0, count);
    }
    const hits = this.searchGraph(vector, count, (label) => filter.allows(label));
    // A filtered graph search can in rare cases miss allowed points; the scope promise is kept by an exact pass.
    if (hits.length < Math.min(count, allowed.length)) return this.searchExactly(vector, count, allowed);
    return hits;
  }

  private searchGraph(
    vector: readonly number[],
    count: number,
    allows?: (label: number) => boolean,
    breadth = searchBreadth,
  ): VectorHit[] {
    this.graph.setEf(Math.max(breadth, count));
    const result = this.graph.searchKnn(vector as number[], count, allows);
    return result.neighbors.map((label, rank) => ({ label, similarity: 1 - (result.distances[rank] ?? 1) }));
  }

  async save(file: string): Promise<void> {
    await this.graph.writeIndex(file);
  }

  private searchExactly(vector: readonly number[], count: number, labels: readonly number[]): VectorHit[] {
    const { vectors, norms } = this.scopeVectors(labels);
    const queryNorm = Math.sqrt(dot(vector, vector)) || 1;
    const hits = labels.map((label, position) => {
      const stored = vectors.subarray(position * this.dimensions, (position + 1) * this.dimensions);
      return { label, similarity: dot(vector, stored) / (queryNorm * (norms[position] as number)) };
    });
    return hits.sort((a, b) => b.similarity - a.similarity).slice(0, count);
  }

  /**
   * The stored vectors of a small scope and their norms, read from the graph once per label list (a loaded
   * generation's scope filters keep theirs) instead of once per question: getPoint copies each vector into a new
   * JavaScript array, which made this the largest synchronous cost of a question in a small scope.
   */
  private scopeVectors(labels: readonly number[]): ScopeVectors {
    const cached = this.exactScopes.get(labels);
    if (cached !== undefined) return cached;
    const vectors = new Float64Array(labels.length * this.dimensions);
    const norms = new Float64Array(labels.length);
    labels.forEach((label, position) => {
      const stored = this.graph.getPoint(label);
      vectors.set(stored, position * this.dimensions);
      norms[position] = Math.sqrt(dot(stored, stored)) || 1;
    });
    const computed = { vectors, norms };
    this.exactScopes.set(labels, computed);
    return computed;
  }
}

interface ScopeVectors {
  vectors: Float64Array;
  norms: Float64Array;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

function graphNaming(file: string) {
  return { what: `The vector index ${file}`, fix: rebuildAdvice };
}

/** hnswlib's read of a graph file (in the thread pool); only VectorIndex.load calls it, once the header passed. */
async function readGraph(file: string, dimensions: number): Promise<hnswlib.HierarchicalNSW> {
  const graph = new hnswlib.HierarchicalNSW("cosine", dimensions);
  try {
    await graph.readIndex(file);
  } catch (error) {
    throw new DocentError("INDEX_CORRUPT", `The vector index ${file} cannot be read. ${rebuildAdvice}`, {
      cause: error,
    });
  }
  return graph;
}
