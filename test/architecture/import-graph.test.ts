import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findViolations, folderOf, importEdges, layers, readSources } from "./import-graph.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const sources = readSources(root, ["src", "ingest"]);

function withPlanted(file: string, line: string): Map<string, string> {
  const planted = new Map(sources);
  planted.set(file, `${line}\n${sources.get(file) ?? ""}`);
  return planted;
}

describe("the import graph", () => {
  it("reads the whole tree, and every folder of src/ has a layer", () => {
    expect(sources.size).toBeGreaterThan(100);
    const folders = new Set([...sources.keys()].map(folderOf));
    const known = new Set(layers.flat());
    const missing = [...folders].filter(
      (folder) => !folder.startsWith("ingest") && !known.has(folder.split("/")[0] as string),
    );
    expect(missing).toEqual([]);
    expect(importEdges(sources).length).toBeGreaterThan(50);
  });

  it("points one way: no layer imports a layer above it and no folders import each other", () => {
    expect(findViolations(sources)).toEqual([]);
  });

  it("fails on a planted back-edge from a lower layer", () => {
    const planted = withPlanted(
      "src/text/tokenize.ts",
      'import type { Answer } from "../answer/answer-types.js";',
    );
    expect(findViolations(planted)).toEqual(
      expect.arrayContaining([
        expect.stringContaining("src/text/tokenize.ts -> src/answer/answer-types.ts: layer 1"),
      ]),
    );
  });

  it("fails on a planted cycle inside one layer and on a dynamic import of ingest/", () => {
    const cycle = withPlanted(
      "src/rendering/describe-status.ts",
      'export { x } from "../chat-core/chat-core.js";',
    );
    const reverse = withPlanted("src/chat-core/chat-core.ts", 'import "../rendering/describe-status.js";');
    const both = new Map([
      ...cycle,
      ["src/chat-core/chat-core.ts", reverse.get("src/chat-core/chat-core.ts") as string],
    ]);
    expect(findViolations(both)).toContain("folders import each other: chat-core <-> rendering");
    const dynamic = withPlanted(
      "src/answer/answerer.ts",
      'const m = await import("../../ingest/ingest-pipeline.js");',
    );
    expect(findViolations(dynamic).join("\n")).toContain("only the CLI may import ingest/");
  });

  it("keeps ingest/ below the answer pipeline and the platform adapters apart", () => {
    const ingest = [...sources.keys()].find((file) => file.startsWith("ingest/")) as string;
    const up = withPlanted(ingest, 'import "../src/answer/answerer.js";');
    expect(findViolations(up).join("\n")).toContain("ingest/ may import src/ only up to layer 4");
    const across = withPlanted(
      "src/adapters/slack/slack-context.ts",
      'import "../discord/adapter-context.js";',
    );
    expect(findViolations(across).join("\n")).toContain("one platform adapter must not import another");
  });

  it("counts ingest/loaders as a layer of its own below the rest of ingest/", () => {
    const loader = [...sources.keys()].find((file) => file.startsWith("ingest/loaders/")) as string;
    expect(loader).toBeDefined();
    expect(folderOf(loader)).toBe("ingest/loaders");
    expect(importEdges(sources).some((edge) => edge.toFolder === "ingest/loaders")).toBe(true);
    const back = withPlanted(loader, 'import type { IngestSummary } from "../ingest-pipeline.js";');
    expect(findViolations(back).join("\n")).toContain("ingest/loaders must not import the rest of ingest/");
    const high = withPlanted(loader, 'import "../../src/index-store/index-store.js";');
    expect(findViolations(high).join("\n")).toContain("ingest/loaders/ may import src/ only up to layer 3");
  });

  it("puts the CLI on top, the only place that assembles: no folder imports it", () => {
    expect(layers.at(-1)).toEqual(["cli"]);
    expect(importEdges(sources).some((edge) => edge.fromFolder === "cli")).toBe(true);
    const planted = withPlanted(
      "src/adapters/slack/slack-platform.ts",
      'import { chatPlatforms } from "../../cli/chat-platforms.js";',
    );
    expect(findViolations(planted).join("\n")).toContain(
      "src/adapters/slack/slack-platform.ts -> src/cli/chat-platforms.ts: nothing imports the CLI",
    );
    const upward = withPlanted("src/cli/main.ts", 'import "../../ingest/ingest-pipeline.js";');
    expect(findViolations(upward)).toEqual([]);
  });

  it("is the layer table the README shows", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("the table is the test's:"));
    const block = table.slice(table.indexOf("```") + 3, table.indexOf("```", table.indexOf("```") + 3));
    const shown: string[][] = [];
    for (const line of block.split("\n")) {
      const row = /^(\d+)\s+(.*)$/.exec(line);
      if (row === null) continue;
      const left = (row[2] as string).replace(/\([^)]*\)/g, "").split(/\s{2,}/)[0] as string;
      const folders = left.split(",").map((name) => name.trim().split("/")[0] as string);
      shown[Number(row[1])] = [
        ...new Set(folders.map((name) => (name === "errors.ts" ? "(src root)" : name))),
      ];
    }
    expect(shown.map((row) => row.sort())).toEqual(layers.map((layer) => [...layer].sort()));
  });
});
