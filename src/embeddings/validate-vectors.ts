import { DocentError } from "../errors.js";

/**
 * Checks one reply from an embedding model: one vector per text, all of the expected dimension, finite numbers
 * only. Returns plain number arrays (some clients hand back Float32Arrays, which vector indexes may reject).
 */
export function validateVectors(
  reply: unknown,
  textCount: number,
  expectedDimension: number | undefined,
  embedderId: string,
): number[][] {
  const fail = (problem: string) =>
    new DocentError(
      "EMBEDDINGS_FAILED",
      `The embedding model ${embedderId} sent an unusable reply: ${problem}`,
    );
  if (!Array.isArray(reply)) throw fail("it is not a list of vectors");
  if (reply.length !== textCount) throw fail(`${reply.length} vectors for ${textCount} texts`);
  const dimension = expectedDimension ?? vectorLength(reply[0]);
  if (dimension === undefined || dimension === 0)
    throw fail("the first vector is empty or not a list of numbers");
  return reply.map((candidate: unknown, position) => {
    const length = vectorLength(candidate);
    if (length === undefined) throw fail(`vector ${position} is not a list of numbers`);
    if (length !== dimension)
      throw fail(`vector ${position} has ${length} dimensions, expected ${dimension}`);
    const vector = Array.from(candidate as ArrayLike<unknown>);
    if (!vector.every((value) => typeof value === "number" && Number.isFinite(value))) {
      throw fail(`vector ${position} contains a value that is not a finite number`);
    }
    return vector as number[];
  });
}

function vectorLength(candidate: unknown): number | undefined {
  if (Array.isArray(candidate) || candidate instanceof Float32Array || candidate instanceof Float64Array) {
    return candidate.length;
  }
  return undefined;
}
