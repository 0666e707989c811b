import path from "node:path";
import { silentLogger } from "../../src/logging/logger.js";
import { createLocalSharedState } from "../../src/shared-state/create-shared-state.js";
import { createPostgresSharedState } from "../../src/shared-state/postgres-shared-state.js";
import { postgresSkipReason, useTemporaryPostgres } from "../helpers/postgres-server.js";
import { makeTempFolder } from "../helpers/temp-folder.js";
import { describeSharedStateContract } from "./shared-state-contract.js";

const root = makeTempFolder();
describeSharedStateContract("one replica (memory and the state folder)", async (place, options) =>
  createLocalSharedState(path.join(await root, place), options),
);

const server = useTemporaryPostgres();
describeSharedStateContract(
  "PostgreSQL",
  (place, options) =>
    createPostgresSharedState({
      url: server().url,
      schema: place,
      keepText: options.keepText,
      logger: silentLogger,
    }),
  postgresSkipReason,
);
