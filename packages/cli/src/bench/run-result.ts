/**
 * What a benchmark run measures, whichever kind it is (core or JetStream) and wherever it runs (here or in
 * a worker process): per client its messages and busy time, the latency summary, and the counters a
 * progress display reads while it goes on.
 */
import { publisherShare, subscriberShare, type BenchLib, type BenchPlan } from "./bench-plan";
import type { LatencySummary } from "./latency";

/** One client's part of a run. */
export interface ClientResult {
  role: "pub" | "sub";
  /** From 1, per role. */
  index: number;
  msgs: number;
  /** Milliseconds the client was busy: a publisher from its first publish to its flush, a subscriber from
   * its first message to its last. */
  ms: number;
}

/** What one run measured. */
export interface RunResult {
  lib: BenchLib;
  clients: ClientResult[];
  /** Publish-to-delivery latency over every subscriber, when measured. */
  latency?: LatencySummary;
  /** Milliseconds from the first publish to the last delivery (or flush). */
  totalMs: number;
}

/** Counters a progress display reads while a run goes on. */
export interface RunProgress {
  /** Per client, in {@link clientLabels} order: messages published or received so far. */
  counts: number[];
}

/** Client labels in run order: `Pub #1`…, then `Sub #1`…. */
export function clientLabels(p: BenchPlan): string[] {
  return [...Array.from({ length: p.pubs }, (_, i) => `Pub #${i + 1}`), ...Array.from({ length: p.subs }, (_, i) => `Sub #${i + 1}`)];
}

/** How many messages each client handles in a full run, in {@link clientLabels} order. */
export function clientTotals(p: BenchPlan): number[] {
  return [...Array.from({ length: p.pubs }, (_, i) => publisherShare(p, i)), ...Array.from({ length: p.subs }, (_, i) => subscriberShare(p, i))];
}
