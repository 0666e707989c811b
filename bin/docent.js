#!/usr/bin/env node
// The `docent` command: runs the compiled CLI (built by `npm ci` through the "prepare" script).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const compiled = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  process.stderr.write(
    "docent is not built yet: run `npm ci` (or `npm run build`) in the project folder first.\n",
  );
  process.exit(1);
}
const { main } = await import(compiled.href);
process.exitCode = await main(process.argv.slice(2));
