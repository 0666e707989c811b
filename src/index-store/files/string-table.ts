/** Strings stored once each (sources, scopes, titles, headings): UTF-8 bytes back to back, with offsets. */
export interface StringTable {
  /** String id i occupies bytes[offsets[i] .. offsets[i + 1]]. */
  offsets: Uint32Array;
  bytes: Uint8Array;
}

export interface StringTableBuilder {
  /** The id of a string, adding it when it is new. */
  add(text: string): number;
  finish(): StringTable;
}

export function buildStringTable(): StringTableBuilder {
  const ids = new Map<string, number>();
  return {
    add(text) {
      let id = ids.get(text);
      if (id === undefined) {
        id = ids.size;
        ids.set(text, id);
      }
      return id;
    },
    finish() {
      const texts = [...ids.keys()];
      const offsets = new Uint32Array(texts.length + 1);
      texts.forEach((text, index) => {
        offsets[index + 1] = (offsets[index] ?? 0) + Buffer.byteLength(text, "utf8");
      });
      const bytes = Buffer.allocUnsafe(offsets[texts.length] ?? 0);
      for (const [index, text] of texts.entries()) bytes.write(text, offsets[index] ?? 0, "utf8");
      return { offsets, bytes };
    },
  };
}

/** Decodes strings on first use and keeps them, so each distinct string is decoded once. */
export function readStringTable(table: StringTable): (id: number) => string {
  const bytes = Buffer.from(table.bytes.buffer, table.bytes.byteOffset, table.bytes.byteLength);
  const decoded: (string | undefined)[] = new Array(Math.max(table.offsets.length - 1, 0));
  return (id) => {
    let text = decoded[id];
    if (text === undefined) {
      text = bytes.toString("utf8", table.offsets[id], table.offsets[id + 1]);
      decoded[id] = text;
    }
    return text;
  };
}
