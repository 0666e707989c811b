// Runs the CLI from its TypeScript sources, so tests need no build: node --import tsx test/helpers/docent-entry.ts ...
import { main } from "../../src/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
