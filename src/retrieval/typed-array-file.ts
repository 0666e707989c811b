/**
 * The layout both binary index files share (keywords.bin, chunks.bin): a fixed-size header whose fields the caller
 * writes, the length of each array at `lengthsAt` (one little-endian u32 each), then the arrays in order, each on
 * an 8-byte boundary so that reading makes views over the file's buffer, not copies.
 */
export type TypedArray = Float64Array | Uint32Array | Uint16Array | Uint8Array | Int32Array;
export type ArrayKind =
  | typeof Float64Array
  | typeof Uint32Array
  | typeof Uint16Array
  | typeof Uint8Array
  | typeof Int32Array;

export interface ArrayLayout {
  headerBytes: number;
  lengthsAt: number;
}

const alignTo8 = (offset: number): number => Math.ceil(offset / 8) * 8;

/** A zeroed header of `layout.headerBytes` (for the caller to fill) followed by the arrays. */
export function encodeArrays(layout: ArrayLayout, arrays: readonly TypedArray[]): Buffer {
  let size = layout.headerBytes;
  for (const array of arrays) size = alignTo8(size) + array.byteLength;
  const buffer = Buffer.alloc(alignTo8(size));
  let offset = layout.headerBytes;
  arrays.forEach((array, index) => {
    buffer.writeUInt32LE(array.length, layout.lengthsAt + index * 4);
    offset = alignTo8(offset);
    buffer.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
    offset += array.byteLength;
  });
  return buffer;
}

/**
 * Views of the arrays written by encodeArrays, in the kinds given, over `buffer` (copied once if it does not start
 * on an 8-byte boundary, as a pooled Buffer may not). `truncated` is thrown when an array runs past the end;
 * `exact` tells whether the arrays end where the buffer does.
 */
export function decodeArrays(
  input: Buffer,
  layout: ArrayLayout,
  kinds: readonly ArrayKind[],
  truncated: () => Error,
): { buffer: Buffer; arrays: TypedArray[]; exact: boolean } {
  const buffer = input.byteOffset % 8 === 0 ? input : Buffer.from(new Uint8Array(input));
  let offset = layout.headerBytes;
  const arrays = kinds.map((Kind, index) => {
    const length = buffer.readUInt32LE(layout.lengthsAt + index * 4);
    offset = alignTo8(offset);
    const end = offset + length * Kind.BYTES_PER_ELEMENT;
    if (end > buffer.length) throw truncated();
    const array = new Kind(buffer.buffer as ArrayBuffer, buffer.byteOffset + offset, length);
    offset = end;
    return array;
  });
  return { buffer, arrays, exact: alignTo8(offset) === buffer.length };
}

/**
 * The length of the file whose header is `header` (its first `layout.headerBytes`), as encodeArrays lays it out:
 * read before the rest of the file, so that a length that does not match is refused without reading it.
 */
export function declaredLength(header: Buffer, layout: ArrayLayout, kinds: readonly ArrayKind[]): number {
  let offset = layout.headerBytes;
  kinds.forEach((Kind, index) => {
    offset = alignTo8(offset) + header.readUInt32LE(layout.lengthsAt + index * 4) * Kind.BYTES_PER_ELEMENT;
  });
  return alignTo8(offset);
}

/** Offsets start at 0, never decrease and end at `end`: each entry's range lies inside what the offsets index. */
export function runsThrough(offsets: Uint32Array, end: number): boolean {
  if (offsets.length === 0 || offsets[0] !== 0 || offsets[offsets.length - 1] !== end) return false;
  for (let index = 1; index < offsets.length; index++) {
    if ((offsets[index] as number) < (offsets[index - 1] as number)) return false;
  }
  return true;
}
