/**
 * The Damerau-Levenshtein distance in its optimal-string-alignment form: insertions, deletions, substitutions
 * and transpositions of two neighbouring letters ("teh" -> "the") each count one, no substring edited twice.
 * Bounded: once every alignment costs more than `limit`, it stops and returns limit + 1.
 */
let previousRow = new Int32Array(64);
let row = new Int32Array(64);
let beforeRow = new Int32Array(64);

export function editDistance(left: string, right: string, limit: number): number {
  if (Math.abs(left.length - right.length) > limit) return limit + 1;
  if (left === right) return 0;
  const width = right.length + 1;
  if (row.length < width) {
    previousRow = new Int32Array(width * 2);
    row = new Int32Array(width * 2);
    beforeRow = new Int32Array(width * 2);
  }
  for (let column = 0; column < width; column++) previousRow[column] = column;
  for (let line = 1; line <= left.length; line++) {
    row[0] = line;
    let smallest = line;
    const letter = left.charCodeAt(line - 1);
    for (let column = 1; column < width; column++) {
      const other = right.charCodeAt(column - 1);
      const substitution = (previousRow[column - 1] ?? 0) + (letter === other ? 0 : 1);
      let cost = Math.min((previousRow[column] ?? 0) + 1, (row[column - 1] ?? 0) + 1, substitution);
      if (
        line > 1 &&
        column > 1 &&
        letter === right.charCodeAt(column - 2) &&
        left.charCodeAt(line - 2) === other
      ) {
        cost = Math.min(cost, (beforeRow[column - 2] ?? 0) + 1);
      }
      row[column] = cost;
      if (cost < smallest) smallest = cost;
    }
    if (smallest > limit) return limit + 1;
    [beforeRow, previousRow, row] = [previousRow, row, beforeRow];
  }
  const distance = previousRow[width - 1] ?? limit + 1;
  return distance > limit ? limit + 1 : distance;
}
