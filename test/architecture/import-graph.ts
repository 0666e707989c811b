import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The layers of docent's source, bottom first. A folder may import its own layer or any layer below it,
 * never one above; folders of one layer must not import each other both ways (checked as cycles).
 */
export const layers: readonly (readonly string[])[] = [
  ["(src root)", "logging", "config"],
  ["text", "remote", "documents", "llamacpp"],
  ["understanding", "retrieval"],
  ["embeddings", "engines", "postgres", "sources"],
  ["index-store", "shared-state"],
  ["answer"],
  ["rendering", "chat-core"],
  ["platforms"],
  ["adapters", "operations", "cli"],
];

/** ingest/ is the ingest application: it may use src/ up to this layer, and only the CLI may import it. */
const ingestReaches = 4;

export interface ImportEdge {
  from: string;
  to: string;
  fromFolder: string;
  toFolder: string;
}

/** The folder a file belongs to: ingest, a folder of src/ (adapters/slack, adapters/discord), or src's root. */
export function folderOf(file: string): string {
  const parts = file.split("/");
  if (parts[0] === "ingest") return "ingest";
  if (parts[1] === "adapters" && parts.length > 3) return `adapters/${parts[2]}`;
  return parts.length > 2 ? (parts[1] as string) : "(src root)";
}

function layerOf(folder: string): number {
  const top = folder.split("/")[0] as string;
  return layers.findIndex((layer) => layer.includes(top));
}

/** Reads every .ts file under the given folders (paths relative to root, with forward slashes). */
export function readSources(root: string, folders: string[]): Map<string, string> {
  const sources = new Map<string, string>();
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith(".ts")) sources.set(child, readFileSync(path.join(root, child), "utf8"));
    }
  };
  for (const folder of folders) walk(folder);
  return sources;
}

const relativeImport = /(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g;

/** Every import between two folders: static, type-only, re-exports and dynamic import("..."). */
export function importEdges(sources: Map<string, string>): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const [from, text] of sources) {
    for (const match of text.matchAll(relativeImport)) {
      const to = path.posix
        .normalize(path.posix.join(path.posix.dirname(from), match[1] as string))
        .replace(/\.js$/, ".ts");
      const fromFolder = folderOf(from);
      const toFolder = folderOf(to);
      if (fromFolder !== toFolder) edges.push({ from, to, fromFolder, toFolder });
    }
  }
  return edges;
}

/** The rule an edge breaks, or undefined when it points the right way. */
function brokenRule(edge: ImportEdge): string | undefined {
  const { fromFolder, toFolder } = edge;
  if (fromFolder === "ingest") {
    const reached = layerOf(toFolder);
    return reached === -1 || reached > ingestReaches
      ? `ingest/ may import src/ only up to layer ${ingestReaches}`
      : undefined;
  }
  if (toFolder === "ingest") return fromFolder === "cli" ? undefined : "only the CLI may import ingest/";
  if (fromFolder === "cli") return undefined;
  const from = layerOf(fromFolder);
  const to = layerOf(toFolder);
  if (from === -1 || to === -1)
    return `folder ${from === -1 ? fromFolder : toFolder} has no layer: add it to the table`;
  if (fromFolder.startsWith("adapters/") && toFolder.startsWith("adapters/") && toFolder !== "adapters") {
    return "one platform adapter must not import another";
  }
  return to > from ? `layer ${from} (${fromFolder}) imports layer ${to} (${toFolder})` : undefined;
}

/** Folder cycles (A imports B and B, through any path, imports A). */
function folderCycles(edges: ImportEdge[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const { fromFolder, toFolder } of edges) {
    next.set(fromFolder, (next.get(fromFolder) ?? new Set()).add(toFolder));
  }
  const reaches = (start: string, goal: string): boolean => {
    const seen = new Set<string>();
    const stack = [...(next.get(start) ?? [])];
    while (stack.length > 0) {
      const folder = stack.pop() as string;
      if (folder === goal) return true;
      if (seen.has(folder)) continue;
      seen.add(folder);
      stack.push(...(next.get(folder) ?? []));
    }
    return false;
  };
  const cycles = new Set<string>();
  for (const [from, targets] of next) {
    for (const to of targets) if (reaches(to, from)) cycles.add([from, to].sort().join(" <-> "));
  }
  return [...cycles];
}

/** Every broken rule, one line each, naming the importing file. */
export function findViolations(sources: Map<string, string>): string[] {
  const edges = importEdges(sources);
  const broken = edges.flatMap((edge) => {
    const rule = brokenRule(edge);
    return rule ? [`${edge.from} -> ${edge.to}: ${rule}`] : [];
  });
  return [...broken, ...folderCycles(edges).map((cycle) => `folders import each other: ${cycle}`)];
}
