import type { EngineReachability } from "../engines/chat-engine.js";
import type { ServedGeneration } from "../index-store/index-store.js";
import type { LoadFailure } from "../index-store/knowledge-base.js";
import type { CheckResult, ReadinessCheck } from "./readiness.js";

/**
 * The index check: a generation is loaded (loading the published one when none is yet). When a newer published
 * generation could not be opened, the replica is still ready (it serves the one before) and says which one failed.
 */
export function indexLoaded(knowledge: {
  loadedGeneration(): ServedGeneration | null;
  current(): Promise<ServedGeneration>;
  lastLoadFailure?(): LoadFailure | null;
}): ReadinessCheck {
  return async () => {
    const generation = knowledge.loadedGeneration() ?? (await knowledge.current());
    const failure = knowledge.lastLoadFailure?.() ?? null;
    return {
      ok: true,
      generation: generation.manifest.generation,
      chunks: generation.manifest.counts.chunks,
      ...(failure ? { newerGenerationFailed: failure } : {}),
    };
  };
}

/** A chat adapter's check: started and connected to its platform right now. */
export function adapterConnected(adapter: { connected(): boolean }): ReadinessCheck {
  return async () => ({ ok: adapter.connected() });
}

export interface EngineForReadiness {
  readonly id: string;
  checkReachable?(): Promise<EngineReachability>;
}

/**
 * The engine check: extractive mode is always ready; a model server is asked (cheaply: its list of models, which
 * must hold the configured model) at most once per `cacheMs`, concurrent probes sharing one request.
 */
export function engineReachable(
  engine: EngineForReadiness | null,
  cacheMs: number,
  now: () => number = () => performance.now(),
): ReadinessCheck {
  if (engine === null) return async () => ({ ok: true, engine: "extractive" });
  const check: () => Promise<EngineReachability> =
    engine.checkReachable?.bind(engine) ?? (async () => ({ reachable: true }));
  let last: { at: number; result: CheckResult } | null = null;
  let pending: Promise<CheckResult> | null = null;
  return () => {
    if (last !== null && now() - last.at < cacheMs) return Promise.resolve(last.result);
    pending ??= check()
      .then(({ reachable, detail, fix }) => ({
        ok: reachable,
        engine: engine.id,
        ...(detail ? { detail } : {}),
        ...(fix ? { fix } : {}),
      }))
      .then((result) => {
        last = { at: now(), result };
        return result;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  };
}

export interface ReadinessSources {
  knowledge: Parameters<typeof indexLoaded>[0];
  engine: EngineForReadiness | null;
  /** Each chat platform being served, by name ("slack", "discord"). */
  adapters: Readonly<Record<string, { connected(): boolean }>>;
}

/** A model server is asked at most this often; probes in between get the last answer. */
const engineCacheMs = 10_000;

/** The checks behind /readyz: index loaded, every adapter connected, engine reachable (or extractive). */
export function readinessChecks(sources: ReadinessSources): Record<string, ReadinessCheck> {
  const checks: Record<string, ReadinessCheck> = { index: indexLoaded(sources.knowledge) };
  for (const [name, adapter] of Object.entries(sources.adapters)) checks[name] = adapterConnected(adapter);
  checks.engine = engineReachable(sources.engine, engineCacheMs);
  return checks;
}
