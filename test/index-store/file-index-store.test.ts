import path from "node:path";
import { createFileIndexStore } from "../../src/index-store/files/file-index-store.js";
import { makeTempFolder } from "../helpers/temp-folder.js";
import { describeIndexStoreContract } from "./index-store-contract.js";

describeIndexStoreContract("local files (hnswlib + BM25)", async () =>
  createFileIndexStore(path.join(await makeTempFolder(), "index")),
);
