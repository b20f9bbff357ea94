/**
 * The shape of one benchmark, natscli's `bench` flags checked and resolved: P publishers share M messages
 * of S bytes on one subject; each of N subscribers receives all of them. The same plan runs on every
 * client library, so their numbers compare.
 */
import { checkSubject } from "@nats-stack/core";
import { usageError } from "../output/cli-error";

/** Client libraries a benchmark can run on. */
export const BENCH_LIBS = ["nats-stack", "nats.js"] as const;
export type BenchLib = (typeof BENCH_LIBS)[number];

/** A resolved benchmark shape. */
export interface BenchPlan {
  subject: string;
  pubs: number;
  subs: number;
  /** Messages published in total (shared by the publishers). */
  msgs: number;
  /** Bytes per message. */
  size: number;
  /** Messages a publisher sends before it lets the event loop run (reads, timers, progress). */
  pubBatch: number;
}

/** Checks a plan; throws a usage error for what cannot run. */
export function checkPlan(p: BenchPlan): BenchPlan {
  checkSubject(p.subject);
  if (p.pubs < 1) throw usageError("bench needs at least one publisher (--pub 1)");
  if (p.msgs < p.pubs) throw usageError(`--msgs ${p.msgs} is fewer than one message per publisher (--pub ${p.pubs})`);
  if (p.size > 64 * 1024 * 1024) throw usageError(`--size ${p.size} is larger than the server's max payload`);
  if (p.pubBatch < 1) throw usageError("--pubbatch must be at least 1");
  return p;
}

/** Messages publisher `i` (from 0) sends: an even share, the first ones taking the remainder. */
export function publisherShare(p: BenchPlan, i: number): number {
  return Math.floor(p.msgs / p.pubs) + (i < p.msgs % p.pubs ? 1 : 0);
}

/** Whether messages carry a send time (room for 8 bytes and someone to receive them). */
export function measuresLatency(p: BenchPlan): boolean {
  return p.subs > 0 && p.size >= 8;
}
