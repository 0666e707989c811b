import { accessSync, constants, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * How to run docent from where the user is, for the hints docent prints: `docent` when one is on the PATH (after
 * `npm link` or a global install from the clone), `npx docent` in the project folder, else `node <clone>/bin/docent.js`.
 * npm's own node_modules/.bin (on the PATH during `npm start`) does not count: the user's shell lacks it.
 */
export function commandName(): string {
  const folders = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  if (folders.some((folder) => !folder.includes(`node_modules${path.sep}.bin`) && isExecutable(folder))) {
    return "docent";
  }
  if (existsSync(path.join(process.cwd(), "node_modules", ".bin", "docent"))) return "npx docent";
  const script = ["../../bin/docent.js", "../../../bin/docent.js"]
    .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
    .find((file) => existsSync(file));
  if (script === undefined) return "docent";
  const relative = path.relative(process.cwd(), script);
  return `node ${relative.startsWith("..") || path.isAbsolute(relative) ? script : relative}`;
}

function isExecutable(folder: string): boolean {
  try {
    accessSync(path.join(folder, "docent"), constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
