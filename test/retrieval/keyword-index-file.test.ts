import { describe, expect, it } from "vitest";
import { isDocentError } from "../../src/errors.js";
import { crc32 } from "../../src/retrieval/crc32.js";
import { KeywordIndex } from "../../src/retrieval/keyword-index.js";

/** A keyword index over enough documents to have postings worth damaging. */
function sampleIndex(): KeywordIndex {
  return KeywordIndex.build(
    Array.from({ length: 60 }, (_, label) => ({
      label,
      text: `note ${label} about ${label % 2 === 0 ? "parking and bicycles" : "leave and holidays"} ${label % 7}`,
    })),
  );
}

/** The offset of each array in a format 2 file (72-byte header, arrays on 8-byte boundaries). */
function arrayOffsets(file: Buffer): number[] {
  const sizes = [8, 4, 1, 4, 4, 4, 4, 2];
  const offsets: number[] = [];
  let offset = 72;
  sizes.forEach((size, index) => {
    offset = Math.ceil(offset / 8) * 8;
    offsets.push(offset);
    offset += file.readUInt32LE(32 + index * 4) * size;
  });
  return offsets;
}

/** Recomputes the file's own checksum, as a damaged file written back with one would have. */
function withChecksum(file: Buffer): Buffer {
  file.writeUInt32LE(crc32(file.subarray(72)), 64);
  return file;
}

function decodeError(file: Buffer): unknown {
  try {
    KeywordIndex.fromBuffer(file);
    return null;
  } catch (error) {
    return error;
  }
}

describe("keywords.bin (format 2)", () => {
  it("detects a flipped bit anywhere after its header by its checksum", () => {
    const bytes = sampleIndex().toBuffer();
    for (const offset of [72, 100, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const damaged = Buffer.from(bytes);
      damaged[offset] = (damaged[offset] as number) ^ 0x10;
      const error = decodeError(damaged);
      expect(isDocentError(error, "INDEX_CORRUPT"), `offset ${offset}`).toBe(true);
      expect((error as Error).message).toMatch(/is damaged \(checksum mismatch\)/);
    }
  });

  it("refuses tables that would make a search loop or run past its arrays, even with a matching checksum", () => {
    const bytes = sampleIndex().toBuffer();
    const [, , , , slots = 0, starts = 0, documents = 0] = arrayOffsets(bytes);
    const cases: Array<[string, (file: Buffer) => void, RegExp]> = [
      // Every slot taken: a probe for an unknown word would never meet an empty one.
      ["slots zeroed", (file) => file.fill(0, slots, starts), /term slot table/],
      [
        "a posting range past the end",
        (file) => file.writeUInt32LE(0x40000000, starts + 4),
        /posting offsets/,
      ],
      [
        "a posting naming no document",
        (file) => file.writeUInt32LE(999, documents),
        /term 0 has a bad posting/,
      ],
    ];
    for (const [what, damage, problem] of cases) {
      const damaged = Buffer.from(bytes);
      damage(damaged);
      const error = decodeError(withChecksum(damaged));
      expect(isDocentError(error, "INDEX_CORRUPT"), what).toBe(true);
      expect((error as Error).message, what).toMatch(problem);
    }
  });

  it("still reads format 1 (no checksum), as docent wrote it before, with the same results", () => {
    const index = sampleIndex();
    const bytes = index.toBuffer();
    const header = Buffer.from(bytes.subarray(0, 64));
    header.writeUInt32LE(1, 12);
    const formatOne = Buffer.concat([header, bytes.subarray(72)]);
    const restored = KeywordIndex.fromBuffer(formatOne);
    for (const query of ["parking", "leave holidays 3", "nothing here"]) {
      expect(restored.search(query, 10)).toEqual(index.search(query, 10));
    }
  });
});
