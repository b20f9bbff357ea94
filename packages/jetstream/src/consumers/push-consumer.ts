/**
 * A push consumer (`js.consumers.getPushConsumer(stream, name)`), an ordered push consumer (without a name),
 * or one bound to a deliver subject (`getBoundPushConsumer`). Only one `consume()` runs at a time.
 */
import { InvalidOperationError, nanos } from "@nats-stack/core";
import type { ConsumerConfig, ConsumerInfo } from "../api/consumer-config";
import type { ConsumerAPIImpl } from "../manager/consumers";
import type { ConsumerMessages, PushConsumer, PushConsumerOptions } from "./consumer-api";
import { OrderedCursor } from "./ordered-cursor";
import { nextOrderedConfig, recreateOrderedConsumer } from "./ordered-recreation";
import { PushConsumerMessagesImpl } from "./push-messages";

/** How a push consumer was obtained. */
export interface PushConsumerKind {
  bound?: boolean;
  ordered?: boolean;
  name_prefix?: string;
  deliver_prefix?: string;
}

/** A push consumer, as nats.js's `PushConsumerImpl`. */
export class PushConsumerImpl implements PushConsumer {
  readonly api: ConsumerAPIImpl;
  _info: ConsumerInfo;
  readonly stream: string;
  name: string;
  readonly bound: boolean;
  readonly ordered: boolean;
  started = false;
  serial: number;
  readonly namePrefix: string;
  readonly deliverPrefix: string;
  /** Ordered: where the consumer is in its stream. */
  readonly cursor = new OrderedCursor();
  /** @internal Failed attempts in a row to recreate the ordered consumer. */
  createFails = 0;

  constructor(api: ConsumerAPIImpl, info: ConsumerInfo, opts: PushConsumerKind = {}) {
    this.api = api;
    this._info = info;
    this.stream = info.stream_name;
    this.name = info.name;
    this.bound = opts.bound === true;
    this.ordered = opts.ordered === true;
    this.serial = this.ordered ? 1 : 0;
    this.namePrefix = opts.name_prefix ?? "";
    this.deliverPrefix = opts.deliver_prefix ?? "";
    const startSeq = info.config?.opt_start_seq || 0;
    this.cursor.stream_seq = startSeq > 0 ? startSeq - 1 : 0;
  }

  consume(userOptions: PushConsumerOptions = {}): Promise<ConsumerMessages> {
    if (this.started) return Promise.reject(new InvalidOperationError("consumer already started"));
    if (!this._info.config.deliver_subject) return Promise.reject(new Error("deliver_subject is not set, not a push consumer"));
    if (!this._info.config.deliver_group && this._info.push_bound) return Promise.reject(new InvalidOperationError("consumer is already bound"));
    try {
      const v = new PushConsumerMessagesImpl(this, { ...userOptions });
      this.started = true;
      void v.closed().then(
        () => (this.started = false),
        () => (this.started = false),
      );
      return Promise.resolve(v);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  delete(): Promise<boolean> {
    if (this.bound) return Promise.reject(new InvalidOperationError("bound consumers cannot delete"));
    const { stream_name, name } = this._info;
    return this.api.delete(stream_name, name);
  }

  async info(cached?: boolean): Promise<ConsumerInfo> {
    if (this.bound) throw new InvalidOperationError("bound consumers cannot info");
    if (cached) return this._info;
    this._info = await this.api.info(this.stream, this.name);
    return this._info;
  }

  isPullConsumer(): boolean {
    return false;
  }

  isPushConsumer(): boolean {
    return true;
  }

  /** @internal The configuration of the next ordered push consumer: new name and deliver subject. */
  getConsumerOpts(): Partial<ConsumerConfig> {
    this.serial++;
    const name = `${this.namePrefix}_${this.serial}`;
    const conf = nextOrderedConfig(this._info.config, name, this.cursor.stream_seq);
    conf.flow_control = true;
    conf.idle_heartbeat = nanos(30 * 1000);
    conf.deliver_subject = `${this.deliverPrefix}.${this.serial}`;
    return conf;
  }

  /**
   * @internal Recreates an ordered push consumer after the last delivered stream sequence (see
   * {@link recreateOrderedConsumer}): the messages move to the new deliver subject.
   */
  recreateOrdered(m: PushConsumerMessagesImpl): Promise<void> {
    return recreateOrderedConsumer(this, m, {
      fails: this,
      next: () => {
        const config = this.getConsumerOpts();
        this.cursor.deliver_seq = 0;
        this.name = config.name!;
        m.subscribe(config.deliver_subject!);
        return config;
      },
    });
  }
}
