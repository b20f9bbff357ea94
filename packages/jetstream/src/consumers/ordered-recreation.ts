/**
 * Recreating an ordered consumer, pull or push alike: the old consumer is deleted and a new one starts at
 * the stream sequence after the last one delivered (its configuration: {@link nextOrderedConfig}). A failure is retried with backoff; after
 * {@link MAX_ORDERED_CREATE_FAILS} failures without any message ever delivered, or when the stream is gone
 * and `abort_on_missing_resource` is set, the messages stop with the error. The two kinds differ only in
 * how the messages move to the new consumer (a new inbox for pull requests, a new deliver subject) and in
 * what follows its creation (pull requests start over), which they pass in as steps.
 */
import { backoff, delay, nanos } from "@nats-stack/core";
import type { ConsumerConfig, ConsumerInfo } from "../api/consumer-config";
import { StreamNotFoundError } from "../api/errors";
import { AckPolicy, DeliverPolicy } from "../api/policies";
import type { ConsumerAPIImpl } from "../manager/consumers";
import type { ConsumerNotification } from "./consumer-api";

/** Attempts to recreate an ordered consumer, before any message arrived, before giving up. */
export const MAX_ORDERED_CREATE_FAILS = 30;

/**
 * The configuration of the next ordered consumer, pull or push: `base` (the last one's) under the new `name`,
 * starting at the stream sequence after `lastStreamSeq`, without acks, one replica, removed by the server
 * five minutes after its last use. The caller adds what its kind needs.
 */
export function nextOrderedConfig(base: Partial<ConsumerConfig>, name: string, lastStreamSeq: number): Partial<ConsumerConfig> {
  const conf: Partial<ConsumerConfig> = {
    ...base,
    name,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: lastStreamSeq + 1,
    ack_policy: AckPolicy.None,
    inactive_threshold: nanos(5 * 60 * 1000),
    num_replicas: 1,
  };
  // A start time would contradict the start sequence.
  delete conf.opt_start_time;
  return conf;
}

/** The ordered consumer being recreated (its `_info` becomes the new consumer's). */
export interface RecreatedConsumer {
  readonly api: ConsumerAPIImpl;
  readonly stream: string;
  _info: ConsumerInfo;
}

/** The messages of a `consume()` or `fetch()` whose consumer is recreated under them. */
export interface RecreatedMessages {
  readonly isStopped: boolean;
  /** Set while a recreation runs, so that a second cause does not start another. */
  recreating: boolean;
  readonly abortOnMissingResource: boolean;
  monitor: { restart(): void } | null;
  /** Cancels the wait before the next attempt. */
  cancelRetry: (() => void) | undefined;
  notify(n: ConsumerNotification): void;
  stop(err?: Error): void;
  getReceived(): number;
}

/** What differs between the kinds of ordered consumer. */
export interface RecreationSteps {
  /** Where the failures in a row are counted (kept across recreations, reset by a success). */
  readonly fails: { createFails: number };
  /** First of all, before the old consumer is deleted (pull: its heartbeat monitor stops watching). */
  begin?(): void;
  /** The new consumer's configuration, the messages already moved to where it will deliver. */
  next(): Partial<ConsumerConfig>;
  /** After the new consumer was created and the heartbeat monitor restarted. */
  created?(): void;
}

/** Recreates `c`'s ordered consumer under `m` (see the file's comment); a no-op while one runs or after a stop. */
export async function recreateOrderedConsumer(c: RecreatedConsumer, m: RecreatedMessages, steps: RecreationSteps): Promise<void> {
  if (m.isStopped || m.recreating) return;
  m.recreating = true;
  steps.begin?.();
  const old = c._info?.config?.name;
  if (old) {
    m.notify({ type: "reset", name: old });
    c.api.delete(c.stream, old).catch(() => {});
  }
  const config = steps.next();
  const fails = steps.fails;
  try {
    const ci = await c.api.add(c.stream, config);
    m.recreating = false;
    if (m.isStopped) {
      c.api.delete(c.stream, ci.name).catch(() => {});
      return;
    }
    fails.createFails = 0;
    c._info = ci;
    m.notify({ type: "ordered_consumer_recreated", name: ci.name });
    m.monitor?.restart();
    steps.created?.();
  } catch (err) {
    m.recreating = false;
    if (m.isStopped) return;
    fails.createFails++;
    if (err instanceof StreamNotFoundError || (err as Error).message === "stream not found") {
      m.notify({ type: "stream_not_found", name: c.stream, consumerCreateFails: fails.createFails });
      if (m.abortOnMissingResource) return m.stop(err as Error);
    }
    if (fails.createFails >= MAX_ORDERED_CREATE_FAILS && m.getReceived() === 0) return m.stop(err as Error);
    const d = delay(backoff().backoff(fails.createFails));
    m.cancelRetry = d.cancel;
    await d;
    m.cancelRetry = undefined;
    if (!m.isStopped) await recreateOrderedConsumer(c, m, steps);
  }
}
