import hnswlib from "hnswlib-node";

/**
 * Exact cosine search over the vectors stored in an hnswlib file, to measure the recall of the approximate search.
 * hnswlib keeps cosine vectors normalised, so a dot product with the normalised query is the cosine.
 */
export class ExactSearch {
  private constructor(
    private readonly graph: hnswlib.HierarchicalNSW,
    private readonly vectors: Float32Array,
    private readonly labels: readonly number[],
    private readonly dimensions: number,
  ) {}

  static async load(file: string, dimensions: number, labels: readonly number[]): Promise<ExactSearch> {
    const graph = new hnswlib.HierarchicalNSW("cosine", dimensions);
    await graph.readIndex(file);
    const vectors = new Float32Array(labels.length * dimensions);
    for (const [position, label] of labels.entries())
      vectors.set(graph.getPoint(label), position * dimensions);
    return new ExactSearch(graph, vectors, labels, dimensions);
  }

  /** The same vectors in a new graph built with another efConstruction (M 16 as in VectorIndex), and the build time. */
  rebuild(efConstruction: number): [ExactSearch, number] {
    const started = performance.now();
    const graph = new hnswlib.HierarchicalNSW("cosine", this.dimensions);
    graph.initIndex({ maxElements: this.labels.length, m: 16, efConstruction, randomSeed: 100 });
    for (const [position, label] of this.labels.entries()) {
      const offset = position * this.dimensions;
      graph.addPoint(Array.from(this.vectors.subarray(offset, offset + this.dimensions)), label);
    }
    const rebuilt = new ExactSearch(graph, this.vectors, this.labels, this.dimensions);
    return [rebuilt, performance.now() - started];
  }

  /** The graph's own k best similarities at a given search breadth (ef), for recall against ef. */
  approximateSimilarities(
    query: number[],
    k: number,
    ef: number,
    allows?: (label: number) => boolean,
  ): number[] {
    this.graph.setEf(Math.max(ef, k));
    const result = this.graph.searchKnn(query, k, allows);
    return result.distances.map((distance) => 1 - distance);
  }

  /** The k best cosine similarities (descending) among the stored vectors the filter allows. */
  topSimilarities(query: readonly number[], k: number, allows?: (label: number) => boolean): number[] {
    const { dimensions, vectors } = this;
    let norm = 0;
    for (const value of query) norm += value * value;
    const scale = 1 / (Math.sqrt(norm) || 1);
    const normalised = Float32Array.from(query, (value) => value * scale);
    const best: number[] = [];
    for (const [position, label] of this.labels.entries()) {
      if (allows !== undefined && !allows(label)) continue;
      let sum = 0;
      const offset = position * dimensions;
      for (let dimension = 0; dimension < dimensions; dimension++)
        sum += (normalised[dimension] ?? 0) * (vectors[offset + dimension] ?? 0);
      if (best.length < k || sum > (best[best.length - 1] ?? -2)) insertDescending(best, sum, k);
    }
    return best;
  }
}

function insertDescending(best: number[], value: number, k: number): void {
  let position = best.length;
  while (position > 0 && (best[position - 1] ?? 0) < value) position--;
  best.splice(position, 0, value);
  if (best.length > k) best.pop();
}

/**
 * Recall@k counted by similarity, so that exact ties (duplicate chunks) do not count as misses: an approximate
 * hit is correct when it is at least as similar as the k-th exact neighbour.
 */
export function recallAtK(approximate: readonly number[], exact: readonly number[], k: number): number {
  const threshold = (exact[Math.min(k, exact.length) - 1] ?? 0) - 1e-5;
  const wanted = Math.min(k, exact.length);
  if (wanted === 0) return 1;
  return (
    Math.min(wanted, approximate.slice(0, k).filter((similarity) => similarity >= threshold).length) / wanted
  );
}
