import type { SeenEvents } from "./shared-state.js";

/** Event ids already handled, in this process's memory: one replica (PostgreSQL shares them between replicas). */
export function createMemorySeenEvents(
  options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
): SeenEvents {
  const ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  /** key -> expiry; insertion order is expiry order, since every entry lives equally long. */
  const seen = new Map<string, number>();
  return {
    async markSeen(key) {
      const time = now();
      for (const [oldKey, expiresAt] of seen) {
        if (expiresAt > time) break;
        seen.delete(oldKey);
      }
      if (seen.has(key)) return false;
      seen.set(key, time + ttlMs);
      for (const oldKey of seen.keys()) {
        if (seen.size <= maxEntries) break;
        seen.delete(oldKey);
      }
      return true;
    },
  };
}
