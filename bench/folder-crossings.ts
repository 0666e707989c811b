import { readFileSync } from "node:fs";
import path from "node:path";

/** The folder a source file belongs to: src/<folder> (src/adapters/<platform>), ingest, ingest/loaders. */
export function folderOf(file: string): string {
  const parts = file.split("/");
  if (parts[0] === "ingest") return parts.length > 2 ? `ingest/${parts[1]}` : "ingest";
  if (parts[1] === "adapters" && parts.length > 3) return `adapters/${parts[2]}`;
  return parts.length > 2 ? (parts[1] as string) : "(src root)";
}

/**
 * The imports between files that ran (paths relative to root) that cross from one folder to another, the folder
 * pairs they make, and the pairs that import each other both ways (as "a -> b" and "b -> a").
 */
export function folderCrossings(root: string, files: readonly string[]) {
  const ran = new Set(files);
  const crossings: string[] = [];
  for (const file of files) {
    const text = readFileSync(path.join(root, file), "utf8");
    for (const match of text.matchAll(/from\s+"(\.{1,2}\/[^"]+)"/g)) {
      const target = path.posix
        .normalize(path.posix.join(path.posix.dirname(file), match[1] as string))
        .replace(/\.js$/, ".ts");
      if (ran.has(target) && folderOf(target) !== folderOf(file)) {
        crossings.push(`${folderOf(file)} -> ${folderOf(target)}`);
      }
    }
  }
  const pairs = new Set(crossings);
  const mutual = [...pairs].filter((pair) => pairs.has(pair.split(" -> ").reverse().join(" -> ")));
  return { crossings, pairs, mutual };
}
