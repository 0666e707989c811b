import { createHash } from "node:crypto";
import { DocentError } from "../../errors.js";
import { asDatabaseError, type Database } from "../../postgres/connect-database.js";
import type { IngestLock } from "../index-store.js";

/**
 * The single-run lock of a schema's index: a session advisory lock on a connection of its own, so that a run that
 * dies releases it with its connection. Throws INGEST_LOCKED when another run holds it.
 */
export async function acquireAdvisoryLock(db: Database, lockKey: string, where: string): Promise<IngestLock> {
  const client = await db.pool.connect().catch((error: unknown) => {
    throw asDatabaseError(error, where);
  });
  const locked = await client
    .query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [lockKey])
    .then((result) => result.rows[0]?.locked === true)
    .catch((error: unknown) => {
      client.release(error instanceof Error ? error : true);
      throw asDatabaseError(error, where);
    });
  if (!locked) {
    client.release();
    throw new DocentError("INGEST_LOCKED", `Another ingest is already running on ${where}.`);
  }
  return {
    async release() {
      await client.query("SELECT pg_advisory_unlock($1)", [lockKey]).catch(() => undefined);
      client.release();
    },
  };
}

/** One lock per schema: a 63-bit key from the schema's name. */
export function advisoryLockKey(schema: string): string {
  const digest = createHash("sha256").update(`docent-ingest:${schema}`).digest();
  return (digest.readBigInt64BE(0) & 0x3fffffffffffffffn).toString();
}
