/**
 * `js.consumers`: pull consumers by name, ordered consumers (created here), push consumers by name, ordered
 * push consumers and bound push consumers, as nats.js's `ConsumersImpl`.
 */
import { createInbox, InvalidArgumentError, nanos, nuid } from "@nats-stack/core";
import type { ConsumerConfig, ConsumerInfo } from "../api/consumer-config";
import { minValidation } from "../api/names";
import { AckPolicy, DeliverPolicy } from "../api/policies";
import { feature } from "../api/server-features";
import type { ConsumerAPIImpl } from "../manager/consumers";
import { StreamAPIImpl } from "../manager/streams";
import {
  isBoundPushConsumerOptions,
  isOrderedPushConsumerOptions,
  type BoundPushConsumerOptions,
  type Consumer,
  type Consumers,
  type OrderedConsumerOptions,
  type OrderedPushConsumerOptions,
  type PushConsumer,
} from "./consumer-api";
import { PullConsumerImpl } from "./pull-consumer";
import { PushConsumerImpl } from "./push-consumer";

/** Consumers of a JetStream context. */
export class ConsumersImpl implements Consumers {
  constructor(readonly api: ConsumerAPIImpl) {}

  private checkVersion(): void {
    const fv = feature(this.api.nc, "JS_SIMPLIFICATION");
    if (!fv.ok) throw new Error(`consumers framework is only supported on servers ${fv.min} or better`);
  }

  async get(stream: string, name?: string | Partial<OrderedConsumerOptions>): Promise<Consumer> {
    this.checkVersion();
    checkNameOrOptions(name);
    if (typeof name === "string") {
      const ci = await this.api.info(stream, name);
      if (typeof ci.config.deliver_subject === "string") throw new Error("not a pull consumer");
      return new PullConsumerImpl(this.api, ci);
    }
    return this.ordered(stream, name);
  }

  getConsumerFromInfo(ci: ConsumerInfo): Consumer {
    if (typeof ci.config.deliver_subject === "string") throw new Error("not a pull consumer");
    return new PullConsumerImpl(this.api, ci);
  }

  /** Creates an ordered consumer (ephemeral, no acks, in memory) and returns it. */
  async ordered(stream: string, opts: Partial<OrderedConsumerOptions> = {}): Promise<Consumer> {
    this.checkVersion();
    // The stream must exist (StreamNotFoundError otherwise).
    await new StreamAPIImpl(this.api.nc, this.api.opts).info(stream);
    return this.createOrdered(stream, opts);
  }

  /**
   * @internal Creates an ordered consumer without looking the stream up first (the key-value and object
   * stores know their stream; creating the consumer fails with `stream not found` anyway).
   */
  async createOrdered(stream: string, opts: Partial<OrderedConsumerOptions> = {}): Promise<PullConsumerImpl> {
    opts = { ...opts };
    if (typeof opts.name_prefix === "string") minValidation("name_prefix", opts.name_prefix);
    opts.name_prefix = opts.name_prefix || nuid.next();
    const config: Partial<ConsumerConfig> = {
      name: `${opts.name_prefix}_1`,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: opts.opt_start_seq || 1,
      ack_policy: AckPolicy.None,
      inactive_threshold: nanos(5 * 60 * 1000),
      num_replicas: 1,
      max_deliver: 1,
      mem_storage: true,
    };
    if (opts.headers_only === true) config.headers_only = true;
    if (Array.isArray(opts.filter_subjects)) config.filter_subjects = opts.filter_subjects;
    if (typeof opts.filter_subjects === "string") config.filter_subject = opts.filter_subjects;
    if (opts.replay_policy) config.replay_policy = opts.replay_policy;
    config.deliver_policy = opts.deliver_policy || DeliverPolicy.StartSequence;
    const p = opts.deliver_policy;
    if (p === DeliverPolicy.All || p === DeliverPolicy.LastPerSubject || p === DeliverPolicy.New || p === DeliverPolicy.Last) {
      delete config.opt_start_seq;
      config.deliver_policy = p;
    }
    // last_per_subject needs a filter; pre-2.10 servers take it as filter_subject.
    if (config.deliver_policy === DeliverPolicy.LastPerSubject && config.filter_subjects === undefined && config.filter_subject === undefined) {
      config.filter_subject = ">";
    }
    if (opts.opt_start_time) {
      delete config.opt_start_seq;
      config.deliver_policy = DeliverPolicy.StartTime;
      config.opt_start_time = opts.opt_start_time;
    }
    if (opts.inactive_threshold) config.inactive_threshold = nanos(opts.inactive_threshold);
    const ci = await this.api.add(stream, config);
    return new PullConsumerImpl(this.api, ci, opts);
  }

  async getPushConsumer(stream: string, name?: string | Partial<OrderedPushConsumerOptions>): Promise<PushConsumer> {
    this.checkVersion();
    minValidation("stream", stream);
    checkNameOrOptions(name);
    if (typeof name === "string") {
      minValidation("name", name);
      const ci = await this.api.info(stream, name);
      if (typeof ci.config.deliver_subject !== "string") throw new Error("not a push consumer");
      return new PushConsumerImpl(this.api, ci);
    }
    if (name === undefined) return this.getOrderedPushConsumer(stream);
    if (isOrderedPushConsumerOptions(name)) return this.getOrderedPushConsumer(stream, name);
    throw new Error("unsupported push consumer type");
  }

  private async getOrderedPushConsumer(stream: string, opts: Partial<OrderedPushConsumerOptions> = {}): Promise<PushConsumer> {
    const o = { ...opts };
    let { name_prefix, deliver_prefix } = o;
    const { filter_subjects } = o;
    delete o.deliver_prefix;
    delete o.name_prefix;
    delete o.filter_subjects;
    if (typeof o.opt_start_seq === "number") o.deliver_policy = DeliverPolicy.StartSequence;
    if (typeof o.opt_start_time === "string") o.deliver_policy = DeliverPolicy.StartTime;
    name_prefix = name_prefix || `oc_${nuid.next()}`;
    minValidation("name_prefix", name_prefix);
    deliver_prefix = deliver_prefix || createInbox(this.api.getOptions().watcherPrefix);
    const cc: Partial<ConsumerConfig> = { ...(o as Partial<ConsumerConfig>) };
    if (typeof o.inactive_threshold === "number") cc.inactive_threshold = nanos(o.inactive_threshold);
    else cc.inactive_threshold = nanos(5 * 60 * 1000);
    cc.ack_policy = AckPolicy.None;
    cc.num_replicas = 1;
    cc.max_deliver = 1;
    cc.flow_control = true;
    cc.idle_heartbeat = nanos(30_000);
    if (Array.isArray(filter_subjects)) cc.filter_subjects = filter_subjects;
    if (typeof filter_subjects === "string") cc.filter_subject = filter_subjects;
    if (cc.filter_subjects === undefined && cc.filter_subject === undefined) cc.filter_subject = ">";
    cc.name = `${name_prefix}_1`;
    cc.deliver_subject = `${deliver_prefix}.1`;
    const ci = await this.api.add(stream, cc);
    return new PushConsumerImpl(this.api, ci, { name_prefix, deliver_prefix, ordered: true });
  }

  getBoundPushConsumer(opts: BoundPushConsumerOptions): Promise<PushConsumer> {
    if (!isBoundPushConsumerOptions(opts)) return Promise.reject(InvalidArgumentError.format("deliver_subject", "is required"));
    const ci = { config: opts } as unknown as ConsumerInfo;
    return Promise.resolve(new PushConsumerImpl(this.api, ci, { bound: true }));
  }
}

/**
 * A consumer is named by a string or asked for as ordered with an options object: anything else (a number, a
 * boolean) was taken as ordered options and silently made an ordered consumer (nats.js: a TypeError).
 */
function checkNameOrOptions(name: unknown): void {
  if (name === undefined || name === null || typeof name === "string" || typeof name === "object") return;
  throw InvalidArgumentError.format("name", "must be a consumer name or ordered consumer options");
}
