import { formatCrc32 } from "./crc32.js";
import { FileScanner } from "./file-scanner.js";
import { damaged, type FileRecord, type IndexFileNaming, isMissing, openIndexFile } from "./index-file.js";

/**
 * The check an HNSW graph file (hnswlib's saveIndex format) passes before hnswlib may use it. hnswlib trusts its
 * file completely: sizes in the header become allocations and seek offsets, and every neighbour id becomes a
 * pointer offset in each search, so one bad byte is a crash (SIGSEGV, or an uncaught C++ exception that aborts).
 *
 * Why this makes a crash impossible for any damage, not just likely: the check reads, in JavaScript, every value
 * hnswlib later uses as a size, an offset or an index, in two stages.
 * 1. Before hnswlib may read the file (`whenLoadable`): it is a regular file of the length recorded at write time
 *    (openIndexFile), and its header holds what the manifest implies: each size (bytes per element, the offsets
 *    inside it, links per level) is the one hnswlib derives from M and the manifest's dimensions, the element count
 *    is the manifest's slot count and fits in the file, the capacity (an allocation) is within a few times the count,
 *    the top level, entry point, level multiplier and construction breadth are in range. That is all hnswlib's load
 *    depends on: it allocates what the header and the file's length bound, reads each element's link-list length
 *    (checking them against the file's length itself, which fails as an error, not a crash) and follows no link.
 * 2. Before the graph may be searched or changed (the check's promise resolving): level 0, every element: a
 *    neighbour count of at most 2M, each neighbour an element that exists, the delete flag 0 or 1, a label below
 *    the count and used once (so labels are exactly 0 .. count - 1, as docent's slots are). Upper levels, every
 *    element: a whole number of levels, at most the top level; per level at most M neighbours, each an element that
 *    exists and reaches that level (a search at level L reads the neighbour's level-L list). The entry point reaches
 *    the top level, and the file ends exactly where its last list does. Then the CRC-32 of the whole file.
 * What the walk leaves can change results but not memory safety: vector values (hnswlib does arithmetic on them,
 * whatever they are), the order of neighbours, the delete flags. The checksum covers those: a file matching it is
 * byte for byte what was written, and the write-time run of this same check passed.
 */
export interface GraphExpectation {
  dimensions: number;
  /** Elements in the graph: the manifest's slot count (labels 0 .. count - 1). */
  count: number;
  /** Length and checksum recorded at write time; absent for a generation written before docent recorded them. */
  record?: FileRecord | undefined;
}

const headerBytes = 96;
const maxNeighbours = 1024;
const maxLevel = 64;

interface GraphShape {
  count: number;
  m: number;
  elementBytes: number;
  labelAt: number;
  upperLevelBytes: number;
  topLevel: number;
  entryPoint: number;
}

/**
 * Checks a graph file as described above; returns its length and checksum (to record, at write time). Calls
 * `whenLoadable` once the first stage has passed, so that hnswlib's read (in the thread pool) overlaps the walk.
 */
export async function checkGraphFile(
  file: string,
  expected: GraphExpectation,
  naming: IndexFileNaming,
  whenLoadable?: () => void,
): Promise<FileRecord> {
  const { handle, size } = await openIndexFile(file, naming, {
    maxBytes: Number.MAX_SAFE_INTEGER,
    record: expected.record,
  }).catch((error: unknown) => {
    throw isMissing(error) ? damaged(naming, "it is missing") : error;
  });
  try {
    const scanner = new FileScanner(handle, size, naming);
    const shape = await readShape(scanner, expected, naming);
    whenLoadable?.();
    await checkBaseLevel(scanner, shape, naming);
    await checkUpperLevels(scanner, shape, naming);
    if (scanner.remaining !== 0) throw damaged(naming, "it goes on past its last link list");
    const crc32 = formatCrc32(await scanner.finish());
    if (expected.record !== undefined && crc32 !== expected.record.crc32) {
      throw damaged(naming, "checksum mismatch");
    }
    return { bytes: size, crc32 };
  } finally {
    await handle.close();
  }
}

async function readShape(
  scanner: FileScanner,
  expected: GraphExpectation,
  naming: IndexFileNaming,
): Promise<GraphShape> {
  if (scanner.size < headerBytes) throw damaged(naming, "shorter than its header");
  await scanner.need(headerBytes);
  const [offsetLevel0, capacity, count, elementBytes, labelAt, dataAt] = [0, 8, 16, 24, 32, 40].map((at) =>
    scanner.u64(at),
  );
  const topLevel = scanner.i32(48);
  const entryPoint = scanner.u32(52);
  const [maxM, maxM0, m] = [56, 64, 72].map((at) => scanner.u64(at));
  const multiplier = scanner.f64(80);
  const breadth = scanner.u64(88);
  scanner.skip(headerBytes);
  const bad = (what: string) => damaged(naming, `its header has ${what}`);
  if (offsetLevel0 !== 0) throw bad("a bad level-0 offset");
  if (count !== expected.count) throw bad(`${count} elements where the manifest has ${expected.count} slots`);
  if (!(m !== undefined && m >= 2 && m <= maxNeighbours && maxM === m && maxM0 === 2 * m)) {
    throw bad("a bad neighbour count (M)");
  }
  const linksBytes = 4 + 4 * 2 * m;
  const vectorBytes = 4 * expected.dimensions;
  if (dataAt !== linksBytes || labelAt !== linksBytes + vectorBytes || elementBytes !== labelAt + 8) {
    throw bad(`element sizes that do not fit ${expected.dimensions} dimensions`);
  }
  if (!(capacity !== undefined && capacity >= count && capacity <= Math.max(4 * count, 1024))) {
    throw bad("a bad capacity");
  }
  if (!(Math.abs(multiplier * Math.log(m) - 1) < 1e-9)) throw bad("a bad level multiplier");
  if (!(breadth !== undefined && breadth >= 1 && breadth <= 1 << 16)) throw bad("a bad construction breadth");
  const empty = count === 0;
  if (empty ? topLevel !== -1 || entryPoint !== 0xffffffff : topLevel < 0 || topLevel > maxLevel) {
    throw bad("a bad top level");
  }
  if (!empty && entryPoint >= count) throw bad("an entry point outside the graph");
  const minimum = headerBytes + count * (elementBytes + 4);
  if (scanner.size < minimum) throw damaged(naming, `shorter than its ${count} elements need`);
  return { count, m, elementBytes, labelAt, upperLevelBytes: 4 + 4 * m, topLevel, entryPoint };
}

/** Every element's level-0 neighbour list and label. */
async function checkBaseLevel(scanner: FileScanner, shape: GraphShape, naming: IndexFileNaming) {
  const { count, m, elementBytes, labelAt } = shape;
  const labelSeen = new Uint8Array(count);
  for (let element = 0; element < count; element++) {
    if (!scanner.holds(elementBytes)) await scanner.need(elementBytes);
    const words = scanner.words();
    const first = scanner.at >>> 2;
    const header = words[first] as number;
    const neighbours = header & 0xffff;
    if (neighbours > 2 * m || header >>> 24 !== 0 || ((header >>> 16) & 0xff) > 1) {
      throw damaged(naming, `element ${element} has a bad level-0 link list`);
    }
    for (let index = first + 1; index <= first + neighbours; index++) {
      if ((words[index] as number) >= count)
        throw damaged(naming, `element ${element} links outside the graph`);
    }
    // The label is 64 bits: its high word must be 0, its low word a slot not seen before.
    const label = words[first + (labelAt >>> 2)] as number;
    if (words[first + (labelAt >>> 2) + 1] !== 0 || label >= count || labelSeen[label] === 1) {
      throw damaged(naming, `element ${element} has a bad label`);
    }
    labelSeen[label] = 1;
    scanner.skip(elementBytes);
  }
}

/** Every element's upper-level link lists, then that each link at level L leads to an element that has level L. */
async function checkUpperLevels(scanner: FileScanner, shape: GraphShape, naming: IndexFileNaming) {
  const { count, m, upperLevelBytes, topLevel, entryPoint } = shape;
  const levels = new Uint8Array(count);
  // Every link read here, and the level it is on: at most one per 4 bytes left in the file.
  const targets = new Uint32Array(Math.floor(scanner.remaining / 4));
  const targetLevels = new Uint8Array(targets.length);
  let links = 0;
  let highest = count === 0 ? -1 : 0;
  for (let element = 0; element < count; element++) {
    if (!scanner.holds(4)) await scanner.need(4);
    const bytes = scanner.words()[scanner.at >>> 2] as number;
    scanner.skip(4);
    const level = bytes / upperLevelBytes;
    if (!Number.isInteger(level) || level > topLevel) {
      throw damaged(naming, `element ${element} has a bad upper-level link list`);
    }
    if (level === 0) continue;
    levels[element] = level;
    highest = Math.max(highest, level);
    if (!scanner.holds(bytes)) await scanner.need(bytes);
    const words = scanner.words();
    for (let at = scanner.at >>> 2, onLevel = 1; onLevel <= level; onLevel++, at += upperLevelBytes >>> 2) {
      const neighbours = (words[at] as number) & 0xffff;
      if (neighbours > m) throw damaged(naming, `element ${element} has a bad level-${onLevel} link list`);
      for (let index = 1; index <= neighbours; index++) {
        const neighbour = words[at + index] as number;
        if (neighbour >= count) throw damaged(naming, `element ${element} links outside the graph`);
        targets[links] = neighbour;
        targetLevels[links++] = onLevel;
      }
    }
    scanner.skip(bytes);
  }
  if (highest !== topLevel || (count > 0 && levels[entryPoint] !== topLevel)) {
    throw damaged(naming, "its top level and entry point do not match its elements");
  }
  for (let link = 0; link < links; link++) {
    if ((levels[targets[link] as number] as number) < (targetLevels[link] as number)) {
      throw damaged(naming, "a link leads to an element that does not reach its level");
    }
  }
}
