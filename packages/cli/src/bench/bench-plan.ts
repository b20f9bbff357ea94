/**
 * The shape of one benchmark, natscli's `bench` flags checked and resolved: P publishers share M messages
 * of S bytes on one subject; each of N subscribers receives all of them (core, and JetStream's ordered
 * consumers) or they share them (a durable JetStream pull or push consumer, `--pull`/`--push`). The same
 * plan runs on every client library, so their numbers compare.
 */
import { checkSubject } from "@nats-stack/core";
import { usageError } from "../output/cli-error";

/** Client libraries a benchmark can run on. */
export const BENCH_LIBS = ["nats-stack", "nats.js"] as const;
export type BenchLib = (typeof BENCH_LIBS)[number];

/** How JetStream subscribers consume (`--js`): natscli's three modes. */
export type JsConsumerKind = "ordered" | "pull" | "push";

/** The JetStream part of a plan (`--js`). */
export interface JsBenchPlan {
  /** The stream (`--stream`; `benchstream` is defined by the benchmark, another name is used as it is). */
  stream: string;
  storage: "file" | "memory";
  replicas: number;
  /** The defined stream's `max_bytes`. */
  maxBytes: number;
  /** Ephemeral ordered consumers (each subscriber gets every message), or one shared durable. */
  consumer: JsConsumerKind;
  /** The shared durable's name (`--consumer`). */
  durable: string;
  /** Pull: messages per pull request; push: max acks pending per subscriber (`--consumerbatch`). */
  consumerBatch: number;
  /** Await each publish's acknowledgement before the next (`--syncpub`); else batches of `pubBatch`. */
  syncPub: boolean;
  /** Purge the stream before the first run (`--purge`); runs with publishers always start from empty. */
  purge: boolean;
}

/** A resolved benchmark shape. */
export interface BenchPlan {
  subject: string;
  pubs: number;
  subs: number;
  /** Messages published in total (shared by the publishers). */
  msgs: number;
  /** Bytes per message. */
  size: number;
  /**
   * Core: messages a publisher sends before it lets the event loop run. JetStream: publishes awaiting
   * their acknowledgement together (natscli's `--pubbatch`).
   */
  pubBatch: number;
  /** Present for a JetStream benchmark. */
  js?: JsBenchPlan;
}

/** natscli's stream name for `bench --js`. */
export const DEFAULT_BENCH_STREAM = "benchstream";

/** Checks a plan; throws a usage error for what cannot run. */
export function checkPlan(p: BenchPlan): BenchPlan {
  checkSubject(p.subject);
  if (p.js) {
    if (p.pubs + p.subs < 1) throw usageError("bench --js needs at least one publisher or subscriber (--pub 1 and/or --sub 1)");
  } else if (p.pubs < 1) {
    throw usageError("bench needs at least one publisher (--pub 1)");
  }
  if (p.pubs > 0 && p.msgs < p.pubs) throw usageError(`--msgs ${p.msgs} is fewer than one message per publisher (--pub ${p.pubs})`);
  if (p.js && p.js.consumer !== "ordered" && p.subs > 0 && p.msgs < p.subs) throw usageError(`--msgs ${p.msgs} is fewer than one message per subscriber (--sub ${p.subs})`);
  if (p.size > 64 * 1024 * 1024) throw usageError(`--size ${p.size} is larger than the server's max payload`);
  if (p.pubBatch < 1) throw usageError("--pubbatch must be at least 1");
  if (p.js && p.js.consumerBatch < 1) throw usageError("--consumerbatch must be at least 1");
  return p;
}

/** An even share of `total` for client `i` of `n`, the first ones taking the remainder. */
function share(total: number, n: number, i: number): number {
  return Math.floor(total / n) + (i < total % n ? 1 : 0);
}

/** Messages publisher `i` (from 0) sends. */
export function publisherShare(p: BenchPlan, i: number): number {
  return share(p.msgs, p.pubs, i);
}

/**
 * Messages subscriber `i` (from 0) expects: all of them, except on a shared durable JetStream consumer,
 * where the subscribers split them (who gets which is the server's choice; this is the even share).
 */
export function subscriberShare(p: BenchPlan, i: number): number {
  return p.js && p.js.consumer !== "ordered" ? share(p.msgs, p.subs, i) : p.msgs;
}

/**
 * Whether messages carry a send time (room for 8 bytes, someone to receive them, and, for JetStream, a
 * publisher in the same run: stored messages of an earlier run carry another process's clock).
 */
export function measuresLatency(p: BenchPlan): boolean {
  return p.subs > 0 && p.size >= 8 && (!p.js || p.pubs > 0);
}
