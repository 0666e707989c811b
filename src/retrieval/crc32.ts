import zlib from "node:zlib";

/**
 * CRC-32 (the zlib polynomial) of bytes, continuing from `previous` so that a file can be checked piece by piece.
 * zlib's own (Node 20.15 and later) runs at several GB/s; the table below is for the Node 20.12-20.14 the package
 * still allows. Detects every error of up to 32 bits in a row and all but one in 4 billion random ones: a check
 * against damage (flipped bits, torn or zeroed pages), not against someone forging a file.
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  return zlib.crc32 === undefined ? tableCrc32(bytes, previous) : zlib.crc32(bytes, previous);
}

/** A checksum as recorded in a manifest: eight hex digits. */
export function formatCrc32(value: number): string {
  return value.toString(16).padStart(8, "0");
}

let table: Uint32Array | null = null;

function tableCrc32(bytes: Uint8Array, previous: number): number {
  table ??= Uint32Array.from({ length: 256 }, (_, index) => {
    let value = index;
    for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
    return value;
  });
  let crc = ~previous;
  for (const byte of bytes) crc = (table[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return ~crc >>> 0;
}
