import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { englishWordCounts } from "../src/understanding/english-frequency.js";
import { DeleteIndex } from "../src/understanding/spelling/delete-index.js";
import { describeMachine, mebibytes } from "./measure-helpers.js";

/**
 * The fuzzy-lookup libraries weighed for spelling correction, against the index docent keeps itself
 * (src/understanding/spelling/delete-index.ts), on the same words (SUBTLEX's plain words used twice or more) and
 * the same typos: build time, memory (heap + array buffers, after a collection) and time a lookup, each in a
 * fresh process. The libraries are not dependencies; install them for this run only:
 *   npm install --no-save mnemonist@0.40.8 fastest-levenshtein@1.0.16 nspell@2.1.5 dictionary-en@4.0.0
 * Usage: node --expose-gc --import tsx bench/spelling-libraries.ts
 */
const require = createRequire(import.meta.url);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("Run with node --expose-gc");
const counts = englishWordCounts();
const words = [...counts]
  .filter(([word, count]) => count >= 2 && /^[a-z]{3,40}$/.test(word))
  .map(([word]) => word);
const typos =
  "hearin servises docters helth gendr typs reimbursment vaccation insurence carnaval accomodation beneficary".split(
    " ",
  );
const limitFor = (word: string) => (word.length >= 8 ? 2 : 1);

interface Contender {
  name: string;
  build(): ((query: string) => string[]) | Promise<(query: string) => string[]>;
}

const contenders: Contender[] = [
  {
    name: "docent DeleteIndex (typed arrays; two edits for words of 6+ letters used 20+ times)",
    build() {
      const index = DeleteIndex.build(words, (word) =>
        word.length >= 6 && (counts.get(word) ?? 0) >= 20 ? 2 : 1,
      );
      return (query) => index.search(query, limitFor(query)).map((match) => words[match.id] ?? "");
    },
  },
  ...[1, 2].map((maxDistance) => ({
    name: `mnemonist 0.40.8 SymSpell, maxDistance ${maxDistance}`,
    build() {
      const SymSpell = require("mnemonist/symspell");
      const index = new SymSpell({ maxDistance, verbosity: 1 });
      for (const word of words) index.add(word);
      return (query: string) => index.search(query).map((item: { term: string }) => item.term);
    },
  })),
  {
    name: "mnemonist 0.40.8 PassjoinIndex k=2 + fastest-levenshtein 1.0.16 (no transpositions)",
    build() {
      const PassjoinIndex = require("mnemonist/passjoin-index");
      const { distance } = require("fastest-levenshtein");
      const index = new PassjoinIndex(distance, 2);
      for (const word of words) index.add(word);
      return (query: string) => [...index.search(query)] as string[];
    },
  },
  {
    name: "nspell 2.1.5 + dictionary-en 4.0.0 (Hunspell suggestions)",
    async build() {
      const nspell = require("nspell");
      const dictionary = (await import("dictionary-en" as string)).default;
      const checker = nspell(dictionary);
      return (query: string) => checker.suggest(query) as string[];
    },
  },
];

const chosen = process.argv.indexOf("--contender");
if (chosen === -1) {
  console.log(`machine: ${describeMachine()}; ${words.length} words, ${typos.length} typos`);
  for (const index of contenders.keys()) {
    const script = fileURLToPath(import.meta.url);
    const argv = ["--expose-gc", "--import", "tsx", script, "--contender", String(index)];
    spawnSync(process.execPath, argv, { stdio: "inherit" });
  }
} else {
  await measure(contenders[Number(process.argv[chosen + 1])]);
}

async function measure(contender: Contender | undefined): Promise<void> {
  if (contender === undefined || gc === undefined) return;
  gc();
  const before = process.memoryUsage();
  const started = performance.now();
  let lookup: (query: string) => string[];
  try {
    lookup = await contender.build();
  } catch (error) {
    console.log(`${contender.name}: not installed (${(error as Error).message.split("\n")[0]})`);
    return;
  }
  const buildMs = performance.now() - started;
  gc();
  const after = process.memoryUsage();
  const memory = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
  for (const typo of typos) lookup(typo);
  const rounds = contender.name.startsWith("nspell") ? 2 : 50;
  const lookupStarted = performance.now();
  for (let round = 0; round < rounds; round++) for (const typo of typos) lookup(typo);
  const microseconds = ((performance.now() - lookupStarted) * 1000) / rounds / typos.length;
  const found = typos.map((typo) => `${typo}: ${lookup(typo).slice(0, 3).join(" ")}`).slice(0, 4);
  console.log(
    `${contender.name}\n  build ${buildMs.toFixed(0)} ms, +${mebibytes(memory)}, ${microseconds.toFixed(1)} µs a lookup; ${found.join("; ")}`,
  );
}
