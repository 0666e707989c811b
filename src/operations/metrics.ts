import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { ChatMetrics } from "../chat-core/chat-metrics.js";
import type { LoadFailure } from "../index-store/knowledge-base.js";
import { questionOutcome } from "./question-outcome.js";
import { registerSourceMetrics, type SourceMetricsSources } from "./source-metrics.js";

/** What the gauges read at each scrape: the generation being served and the engine's queue. */
export interface MetricsSources {
  knowledge: SourceMetricsSources & { lastLoadFailure?(): LoadFailure | null };
  engine: { queueLength(): number } | null;
}

export interface OperationsMetrics extends ChatMetrics {
  /** docent's own registry (not prom-client's global one): what GET /metrics serves. */
  readonly registry: Registry;
}

const second = 1000;

/**
 * The Prometheus metrics of a running bot, all named docent_*, plus Node's process metrics (process_*, nodejs_*).
 * Counters and histograms are fed by the chat core; gauges are read when scraped.
 */
export function createOperationsMetrics(sources: MetricsSources): OperationsMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const questions = new Counter({
    name: "docent_questions_total",
    help: "Chat questions by platform and outcome (answered, closest_passages, not_covered, refused, error).",
    labelNames: ["platform", "outcome"] as const,
    registers,
  });
  const latency = (name: string, help: string, buckets: number[]) =>
    new Histogram({ name, help, labelNames: ["platform"] as const, buckets, registers });
  const retrieval = latency(
    "docent_retrieval_seconds",
    "Time to retrieve a question's passages.",
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  const firstToken = latency(
    "docent_first_token_seconds",
    "Time from the question to the language model's first token (answers written by a model only).",
    [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120],
  );
  const total = latency(
    "docent_answer_seconds",
    "Time from the question to the complete answer.",
    [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 180],
  );
  new Gauge({
    name: "docent_engine_queue_length",
    help: "Questions waiting for the language model.",
    registers,
    collect() {
      this.set(sources.engine?.queueLength() ?? 0);
    },
  });
  new Gauge({
    name: "docent_index_chunks",
    help: "Chunks in the index generation being served (0 before one is loaded).",
    registers,
    collect() {
      this.set(sources.knowledge.loadedGeneration()?.manifest.counts.chunks ?? 0);
    },
  });
  new Gauge({
    name: "docent_index_generation_info",
    help: "The index generation being served (value 1; no series before one is loaded).",
    labelNames: ["generation"] as const,
    registers,
    collect() {
      this.reset();
      const generation = sources.knowledge.loadedGeneration()?.manifest.generation;
      if (generation !== undefined) this.set({ generation }, 1);
    },
  });
  new Gauge({
    name: "docent_index_built_timestamp_seconds",
    help: "When the generation being served was built, by whichever ingest (Unix time; 0 before one is loaded).",
    registers,
    collect() {
      const builtAt = sources.knowledge.loadedGeneration()?.manifest.createdAt;
      this.set(builtAt === undefined ? 0 : Date.parse(builtAt) / 1000);
    },
  });
  new Gauge({
    name: "docent_index_newer_generation_failed",
    help: "1 while the newest published index generation could not be opened (the one before keeps serving), else 0.",
    registers,
    collect() {
      this.set(sources.knowledge.lastLoadFailure?.() ? 1 : 0);
    },
  });
  registerSourceMetrics(registers, sources.knowledge);
  const ingestRuns = new Counter({
    name: "docent_ingest_runs_total",
    help: "Re-ingest runs started by the bot (chat or schedule) by result (success, partial, failed, skipped).",
    labelNames: ["result"] as const,
    registers,
  });
  for (const result of ["success", "partial", "failed", "skipped"]) ingestRuns.inc({ result }, 0);
  const lastSuccess = new Gauge({
    name: "docent_ingest_last_success_timestamp_seconds",
    help: "When the last re-ingest run by this process published a generation (Unix time; 0: none yet).",
    registers,
  });
  const votes = new Counter({
    name: "docent_feedback_votes_total",
    help: "Helpful / Not helpful votes by platform.",
    labelNames: ["platform", "vote"] as const,
    registers,
  });
  return {
    registry,
    questionFinished(platform, reply) {
      questions.inc({ platform, outcome: questionOutcome(reply) });
      if (reply?.kind !== "answer") return;
      const { retrievalMs, firstTokenMs, totalMs } = reply.answer.timings;
      retrieval.observe({ platform }, retrievalMs / second);
      if (firstTokenMs !== null) firstToken.observe({ platform }, firstTokenMs / second);
      total.observe({ platform }, totalMs / second);
    },
    feedbackVoted(platform, vote) {
      votes.inc({ platform, vote: vote === "helpful" ? "helpful" : "not_helpful" });
    },
    ingestFinished(outcome) {
      ingestRuns.inc({ result: ingestRunLabel[outcome] });
      if (outcome === "done" || outcome === "partial") lastSuccess.setToCurrentTime();
    },
  };
}

/** The `result` label of docent_ingest_runs_total for each reindex outcome (the label names predate the outcomes). */
const ingestRunLabel = { done: "success", partial: "partial", locked: "skipped", failed: "failed" } as const;
