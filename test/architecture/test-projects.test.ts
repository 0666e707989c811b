import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import config from "../../vitest.config.js";
import { projectRoot } from "../helpers/run-docent.js";

/**
 * `npm test` is the whole suite (CI); `npm test -- --project unit` the fast part the README offers. Every test file
 * is in exactly one project, and the slow kinds (docent processes, PostgreSQL, real models) are never in the unit one.
 */
const projects = Object.fromEntries(
  (config.test?.projects ?? []).map((project) => {
    const test = (project as { test?: { name?: string; include?: string[] } }).test;
    return [test?.name ?? "", test?.include ?? []];
  }),
);
const testFiles = readdirSync(path.join(projectRoot, "test"), { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".test.ts"))
  .map((file) => `test/${file.replaceAll("\\", "/")}`)
  .sort();

describe("the test projects", () => {
  it("are unit and integration, and put every test file in exactly one of them", () => {
    expect(Object.keys(projects).sort()).toEqual(["integration", "unit"]);
    const listed = [...(projects.unit ?? []), ...(projects.integration ?? [])].sort();
    expect(listed).toEqual(testFiles);
    expect(testFiles.length).toBeGreaterThan(100);
  });

  it("keep processes, PostgreSQL, models and the system tests out of the unit project", () => {
    for (const file of (projects.unit ?? []).filter(
      (unit) => unit !== "test/architecture/test-projects.test.ts",
    )) {
      const source = readFileSync(path.join(projectRoot, file), "utf8");
      expect(file.startsWith("test/system/") || file.startsWith("test/cli/"), file).toBe(false);
      expect(source, file).not.toMatch(
        /\b(runDocent|startDocent|createChatFixture)\(|postgres-server|tiny-gguf/,
      );
    }
    expect(projects.unit).toEqual(expect.arrayContaining(["test/architecture/test-projects.test.ts"]));
    expect(projects.integration).toEqual(expect.arrayContaining(["test/system/replicas.test.ts"]));
  });

  it("are the ones the README and CI name", () => {
    const readme = readFileSync(path.join(projectRoot, "README.md"), "utf8");
    const named = [...readme.matchAll(/npm test -- --project (\w+)/g)].map((match) => match[1]);
    expect(named.length).toBeGreaterThan(0);
    for (const name of named) expect(Object.keys(projects), `README: --project ${name}`).toContain(name);
    const node24 = readFileSync(path.join(projectRoot, ".ci/node24"), "utf8");
    expect(node24).toMatch(/DOCENT_NODE24_PROJECT:-unit/);
    expect(readFileSync(path.join(projectRoot, ".ci/run"), "utf8")).toContain("bash .ci/node24");
  });
});
