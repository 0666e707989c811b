/**
 * A read-only string -> id table made of three typed arrays (UTF-8 bytes, byte offsets, open-addressing slots), so
 * that a saved keyword index opens as views over its file, with no per-term decoding or Map building.
 */
export interface TermTable {
  /** The UTF-8 bytes of all terms, back to back, in id order. */
  bytes: Uint8Array;
  /** Term id i occupies bytes[offsets[i] .. offsets[i + 1]]. */
  offsets: Uint32Array;
  /** Linear-probing slots holding a term id, or -1; the length is a power of two. */
  slots: Int32Array;
}

const encoder = new TextEncoder();

function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let index = start; index < end; index++) {
    hash = Math.imul(hash ^ (bytes[index] ?? 0), 0x01000193);
  }
  return hash >>> 0;
}

/** The slot count for `termCount` terms: a power of two, at least twice the terms (so probes stay short). */
export function slotCountFor(termCount: number): number {
  let size = 16;
  while (size < termCount * 2) size *= 2;
  return size;
}

export function buildTermTable(terms: readonly string[]): TermTable {
  const encoded = terms.map((term) => encoder.encode(term));
  const offsets = new Uint32Array(terms.length + 1);
  encoded.forEach((termBytes, id) => {
    offsets[id + 1] = (offsets[id] ?? 0) + termBytes.length;
  });
  const bytes = new Uint8Array(offsets[terms.length] ?? 0);
  encoded.forEach((termBytes, id) => {
    bytes.set(termBytes, offsets[id]);
  });
  const slots = new Int32Array(slotCountFor(terms.length)).fill(-1);
  const mask = slots.length - 1;
  for (let id = 0; id < terms.length; id++) {
    let slot = hashBytes(bytes, offsets[id] ?? 0, offsets[id + 1] ?? 0) & mask;
    while (slots[slot] !== -1) slot = (slot + 1) & mask;
    slots[slot] = id;
  }
  return { bytes, offsets, slots };
}

function termEquals(table: TermTable, id: number, query: Uint8Array): boolean {
  const start = table.offsets[id] ?? 0;
  if ((table.offsets[id + 1] ?? 0) - start !== query.length) return false;
  for (let index = 0; index < query.length; index++) {
    if (table.bytes[start + index] !== query[index]) return false;
  }
  return true;
}

/** The id of the term, or -1 when the table does not hold it. Probes at most every slot once. */
export function findTerm(table: TermTable, term: string): number {
  const query = encoder.encode(term);
  const mask = table.slots.length - 1;
  let slot = hashBytes(query, 0, query.length) & mask;
  for (let probes = 0; probes < table.slots.length; probes++) {
    const id = table.slots[slot] ?? -1;
    if (id === -1) return -1;
    if (termEquals(table, id, query)) return id;
    slot = (slot + 1) & mask;
  }
  return -1;
}
