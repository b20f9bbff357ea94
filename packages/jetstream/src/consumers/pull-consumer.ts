/**
 * A pull consumer (`js.consumers.get(stream, name)`) and the ordered consumer (`js.consumers.get(stream)`):
 * `next()`, `fetch()`, `consume()`, `info()`, `delete()`. An ordered consumer is an ephemeral pull consumer
 * without acks that the client recreates at the next stream sequence whenever a delivery sequence is skipped
 * or the consumer vanished.
 */
import { InvalidArgumentError, InvalidOperationError, nuid } from "@nats-stack/core";
import type { ConsumerConfig, ConsumerInfo } from "../api/consumer-config";
import { DeliverPolicy } from "../api/policies";
import { pullSubject } from "../api/subjects";
import type { JsMsg } from "../jsmsg/jsmsg";
import type { ConsumerAPIImpl } from "../manager/consumers";
import type { ConsumeOptions, Consumer, ConsumerMessages, FetchOptions, NextOptions, OrderedConsumerOptions } from "./consumer-api";
import { OrderedCursor } from "./ordered-cursor";
import { nextOrderedConfig, recreateOrderedConsumer } from "./ordered-recreation";
import { PullConsumerMessagesImpl } from "./pull-messages";
import { restartPulls } from "./pull-recovery";

/** How an ordered consumer was first used (it cannot mix `fetch()` and `consume()`). */
export const PullConsumerType = { Unset: "", Consume: "consume", Fetch: "fetch" } as const;
type PullConsumerType = (typeof PullConsumerType)[keyof typeof PullConsumerType];

/** Where an ordered consumer is in its stream. */
export interface OrderedConsumerState {
  namePrefix: string;
  opts: Partial<OrderedConsumerOptions>;
  cursor: OrderedCursor;
  createFails: number;
  needsReset?: boolean;
  /**
   * Recreate with `last_per_subject` again instead of starting after the cursor (the key-value store's
   * `keys()`: a start sequence would list values and deletes that are not the last of their key; its reader
   * skips what it already saw, which is everything up to the cursor).
   */
  lastPerSubjectOnReset?: boolean;
}

/** A pull consumer, as nats.js's `PullConsumerImpl`. */
export class PullConsumerImpl implements Consumer {
  readonly api: ConsumerAPIImpl;
  _info: ConsumerInfo;
  readonly stream: string;
  name: string;
  readonly opts: Partial<OrderedConsumerOptions>;
  type: PullConsumerType = PullConsumerType.Unset;
  messages: PullConsumerMessagesImpl | undefined;
  readonly ordered: boolean;
  serial = 1;
  orderedConsumerState: OrderedConsumerState | undefined;

  constructor(api: ConsumerAPIImpl, info: ConsumerInfo, opts: Partial<OrderedConsumerOptions> | null = null) {
    this.api = api;
    this._info = info;
    this.name = info.name;
    this.stream = info.stream_name;
    this.ordered = opts !== null;
    this.opts = opts ?? {};
    if (this.ordered) {
      const startSeq = info.config.opt_start_seq || 0;
      this.orderedConsumerState = {
        namePrefix: this.opts.name_prefix ?? `oc_${nuid.next()}`,
        opts: this.opts,
        cursor: new OrderedCursor(startSeq > 0 ? startSeq - 1 : 0),
        createFails: 0,
      };
    }
  }

  private pullName = "";
  private pullSubj = "";

  /** @internal Where pull requests go: `$JS.API.CONSUMER.MSG.NEXT.<stream>.<name>` (kept while the name is). */
  pullSubject(): string {
    const name = this._info.name;
    if (name !== this.pullName) {
      this.pullSubj = pullSubject(this.api.prefix, this.stream, name);
      this.pullName = name;
    }
    return this.pullSubj;
  }

  isPullConsumer(): boolean {
    return true;
  }

  isPushConsumer(): boolean {
    return false;
  }

  consume(opts: ConsumeOptions = {}): Promise<ConsumerMessages> {
    opts = { ...opts };
    if (this.ordered) {
      if (opts.bind) return Promise.reject(InvalidArgumentError.format("bind", "is not supported"));
      if (this.type === PullConsumerType.Fetch) return Promise.reject(new InvalidOperationError("ordered consumer initialized as fetch"));
      if (this.type === PullConsumerType.Consume) return Promise.reject(new InvalidOperationError("ordered consumer doesn't support concurrent consume"));
    }
    try {
      const m = new PullConsumerMessagesImpl(this, opts, true);
      if (this.ordered) this.type = PullConsumerType.Consume;
      return Promise.resolve(m);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async fetch(opts: FetchOptions = {}): Promise<ConsumerMessages> {
    opts = { ...opts };
    if (this.ordered) {
      if ((opts as { group?: string }).group) throw InvalidArgumentError.format("group", "ordered consumers don't support priority groups");
      if (opts.bind) throw InvalidArgumentError.format("bind", "is not supported");
      if (this.type === PullConsumerType.Consume) throw new InvalidOperationError("ordered consumer already initialized as consume");
      if (this.messages && !this.messages.isStopped) throw new InvalidOperationError("ordered consumer doesn't support concurrent fetch");
      const ocs = this.orderedConsumerState!;
      // The next recreation starts after what was seen.
      if (ocs.cursor.deliver_seq) this._info.config.opt_start_seq = ocs.cursor.stream_seq + 1;
      if (ocs.needsReset === true) await this._reset();
      this.type = PullConsumerType.Fetch;
    }
    const m = new PullConsumerMessagesImpl(this, opts);
    if (this.ordered) this.messages = m;
    return m;
  }

  async next(opts: NextOptions = {}): Promise<JsMsg | null> {
    // Copied with Object.assign: a field added to a spread copy makes V8 build a new hidden class each time.
    const one: FetchOptions = Object.assign({}, opts);
    one.max_messages = 1;
    const iter = await this.fetch(one);
    for await (const m of iter) return m;
    return null;
  }

  delete(): Promise<boolean> {
    const { stream_name, name } = this._info;
    return this.api.delete(stream_name, name);
  }

  async info(cached = false): Promise<ConsumerInfo> {
    if (cached) return this._info;
    const { stream_name, name } = this._info;
    this._info = await this.api.info(stream_name, name);
    return this._info;
  }

  /** @internal The configuration of the next ordered consumer: a new name, starting after the cursor. */
  getConsumerOpts(): Partial<ConsumerConfig> {
    const ocs = this.orderedConsumerState!;
    this.serial++;
    this.name = `${ocs.namePrefix}_${this.serial}`;
    const conf = nextOrderedConfig(this._info.config, this.name, ocs.cursor.stream_seq);
    delete conf.metadata;
    if (ocs.lastPerSubjectOnReset) {
      conf.deliver_policy = DeliverPolicy.LastPerSubject;
      delete conf.opt_start_seq;
    }
    return conf;
  }

  /** @internal Recreates the ordered consumer before a `fetch()` (after a 503 or a lost consumer). */
  async _reset(): Promise<ConsumerInfo> {
    this.delete().catch(() => {});
    const ci = await this.api.add(this.stream, this.getConsumerOpts());
    this._info = ci;
    this.orderedConsumerState!.needsReset = false;
    return ci;
  }

  /**
   * @internal Recreates the ordered consumer of a running `consume()`/`fetch()` (see
   * {@link recreateOrderedConsumer}): a new inbox, and the requests start over once the consumer exists.
   */
  recreateOrdered(m: PullConsumerMessagesImpl): Promise<void> {
    const ocs = this.orderedConsumerState!;
    return recreateOrderedConsumer(this, m, {
      fails: ocs,
      begin: () => m.monitor?.cancel(),
      next: () => {
        const config = this.getConsumerOpts();
        m.moveInbox(this.serial);
        ocs.cursor.deliver_seq = 0;
        return config;
      },
      created: () => {
        ocs.needsReset = false;
        restartPulls(m);
      },
    });
  }
}
