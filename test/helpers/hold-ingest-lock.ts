// Takes the ingest lock of the file given and holds it (renewing its lease) until this process is killed:
// node --import tsx test/helpers/hold-ingest-lock.ts <lock file>
import { acquireIngestLock } from "../../src/index-store/ingest-lock.js";

await acquireIngestLock(process.argv[2] ?? "");
process.stdout.write("held\n");
setInterval(() => {}, 60_000);
