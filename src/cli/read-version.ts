import { readFileSync } from "node:fs";

/** docent's version from its package.json: two folders up from src/cli, three from the build in dist/src/cli. */
export function readVersion(): string {
  for (const relative of ["../../package.json", "../../../package.json"]) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === "docent" && manifest.version) return manifest.version;
    } catch {
      // not this folder
    }
  }
  return "unknown";
}
