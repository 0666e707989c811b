import { DocentError } from "../../src/errors.js";

export interface Collected {
  deltas: string[];
  error: DocentError | undefined;
}

/** Reads a stream to its end, keeping the deltas that arrived before any error. */
export async function collectStream(stream: AsyncIterable<string>): Promise<Collected> {
  const deltas: string[] = [];
  try {
    for await (const delta of stream) deltas.push(delta);
    return { deltas, error: undefined };
  } catch (error) {
    if (!(error instanceof DocentError)) throw error;
    return { deltas, error };
  }
}
