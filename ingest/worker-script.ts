import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * What to hand `new Worker` for a worker module next to the calling one (`name` without extension). Built, it is
 * that .js file; run from the TypeScript sources (tests, `npx tsx`), a .ts file, which a worker can import only
 * once tsx (a development dependency) has registered its loader there, so the script is code to evaluate.
 */
export function workerScript(name: string, callerUrl: string): { script: URL | string; eval: boolean } {
  const extension = path.extname(fileURLToPath(callerUrl));
  const entry = new URL(`./${name}${extension}`, callerUrl);
  if (extension !== ".ts") return { script: entry, eval: false };
  const tsxPackage = createRequire(callerUrl).resolve("tsx/package.json");
  const tsxApi = pathToFileURL(path.join(path.dirname(tsxPackage), "dist/esm/api/index.mjs")).href;
  return {
    script: `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`,
    eval: true,
  };
}
