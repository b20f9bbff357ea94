/**
 * Atomic batch publish (server 2.12+, ADR-50): every message carries `Nats-Batch-Id` and its
 * `Nats-Batch-Sequence`; the last one `Nats-Batch-Commit`, and its acknowledgement says how many were stored.
 */
import { headers, nuid, type Payload, type RequestOptions } from "@nats-stack/core";
import { feature } from "../api/server-features";
import type { Batch, BatchAck, BatchMessageOptions, BatchMessageOptionsWithReply, JetStreamPublishOptions } from "./client-api";
import type { JetStreamClientImpl } from "./jetstream-client";

/** An atomic batch being published. */
export class BatchPublisherImpl implements Batch {
  readonly id = nuid.next();
  count = 0;
  private done = false;

  constructor(private readonly js: JetStreamClientImpl) {}

  private stamp(opts: { headers?: import("@nats-stack/core").MsgHdrs }, commit = false): void {
    opts.headers = opts.headers || headers();
    opts.headers.set("Nats-Batch-Id", this.id);
    this.count++;
    opts.headers.set("Nats-Batch-Sequence", String(this.count));
    if (commit) opts.headers.set("Nats-Batch-Commit", "1");
  }

  /** @internal Publishes the first message (its acknowledgement starts the batch). */
  async first(subj: string, payload?: Payload, opts: Partial<JetStreamPublishOptions> = {}): Promise<void> {
    const { min, ok } = feature(this.js.nc, "JS_ATOMIC_BATCH");
    if (!ok) throw new Error(`atomic batch publish requires server ${min}`);
    opts = { ...opts };
    this.stamp(opts);
    await this.js.publishRaw(subj, payload, opts, true);
  }

  add(subj: string, payload?: Payload, opts?: Partial<BatchMessageOptions>): void;
  add(subj: string, payload?: Payload, opts?: Partial<BatchMessageOptionsWithReply>): Promise<void>;
  add(subj: string, payload?: Payload, opts: Partial<BatchMessageOptionsWithReply> = { ack: false }): void | Promise<void> {
    if (this.done) throw new Error("batch publisher is done");
    const o = { ...opts };
    this.stamp(o);
    if (o.ack === true) {
      return this.js.publishRaw(subj, payload, { headers: o.headers, timeout: o.timeout }, true).then(
        () => undefined,
        (err) => {
          this.done = true;
          throw err;
        },
      );
    }
    this.js.nc.publish(subj, payload, { headers: o.headers });
  }

  async commit(subj: string, payload?: Payload, opts: Partial<RequestOptions> = {}): Promise<BatchAck> {
    if (this.done) throw new Error("batch publisher is done");
    this.done = true;
    const o = { ...opts };
    this.stamp(o, true);
    const ack = (await this.js.publish(subj, payload, { headers: o.headers, timeout: o.timeout })) as BatchAck;
    if (ack.count !== this.count) throw new Error("batch didn't contain number of published messages");
    return ack;
  }
}
