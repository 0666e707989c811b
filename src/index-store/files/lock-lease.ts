import { Worker } from "node:worker_threads";

export interface LeaseRenewal {
  stop(): Promise<void>;
}

/**
 * Touches the lock file every `everyMs` from a worker thread, which keeps running while the main thread is busy
 * (inserting vectors, parsing) and dies with the process. It stops by itself once the file is no longer the one it
 * created (`identity`, its inode): a lock taken over is never renewed on the new holder's behalf.
 */
export function renewLeaseInBackground(lockFile: string, identity: bigint, everyMs: number): LeaseRenewal {
  const worker = new Worker(renewalScript, {
    eval: true,
    workerData: { lockFile, identity: identity.toString(), everyMs },
  });
  worker.unref();
  return {
    async stop() {
      await worker.terminate();
    },
  };
}

const renewalScript = `
const { statSync, utimesSync } = require("node:fs");
const { workerData } = require("node:worker_threads");
const { lockFile, identity, everyMs } = workerData;
const timer = setInterval(() => {
  try {
    if (statSync(lockFile, { bigint: true }).ino.toString() !== identity) return clearInterval(timer);
    const now = new Date();
    utimesSync(lockFile, now, now);
  } catch (error) {
    // Gone: released or removed. Any other failure (a slow network disk) is retried at the next tick.
    if (error.code === "ENOENT") clearInterval(timer);
  }
}, everyMs);
`;
