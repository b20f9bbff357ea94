/** A `Stream` object: a stream's info and the operations that name the stream. */
import type { ConsumerResetResponse } from "../api/consumer-config";
import type { MsgRequest, StoredMsg } from "../api/message-types";
import type { StreamAlternate, StreamInfo, StreamInfoRequestOptions } from "../api/stream-config";
import type { Consumer, OrderedConsumerOptions, OrderedPushConsumerOptions, PushConsumer } from "../consumers/consumer-api";
import { ConsumersImpl } from "../consumers/consumers";
import { ConsumerAPIImpl } from "./consumers";
import type { Stream } from "./manager-api";
import type { StreamAPIImpl } from "./streams";

/** A stream, as nats.js's `StreamImpl`. */
export class StreamImpl implements Stream {
  constructor(
    private readonly api: StreamAPIImpl,
    private _info: StreamInfo,
  ) {}

  get name(): string {
    return this._info.config.name;
  }

  async alternates(): Promise<StreamAlternate[]> {
    const si = await this.info();
    return si.alternates ?? [];
  }

  async best(): Promise<Stream> {
    await this.info();
    if (this._info.alternates?.length) return new StreamImpl(this.api, await this.api.info(this._info.alternates[0]!.name));
    return this;
  }

  async info(cached = false, opts?: Partial<StreamInfoRequestOptions>): Promise<StreamInfo> {
    if (cached) return this._info;
    this._info = await this.api.info(this.name, opts);
    return this._info;
  }

  private consumers(): ConsumersImpl {
    return new ConsumersImpl(new ConsumerAPIImpl(this.api.nc, this.api.opts));
  }

  getConsumer(name?: string | Partial<OrderedConsumerOptions>): Promise<Consumer> {
    return this.consumers().get(this.name, name);
  }

  /**
   * A push consumer of this stream. nats.js declares `getPushConsumer(stream, name?)` but reads its first
   * argument as the name; both calls work here: with two arguments the second is the name.
   */
  getPushConsumer(nameOrStream?: string | Partial<OrderedPushConsumerOptions>, name?: string | Partial<OrderedPushConsumerOptions>): Promise<PushConsumer> {
    return this.consumers().getPushConsumer(this.name, name !== undefined ? name : nameOrStream);
  }

  getMessage(query: MsgRequest): Promise<StoredMsg | null> {
    return this.api.getMessage(this.name, query);
  }

  deleteMessage(seq: number, erase = true): Promise<boolean> {
    return this.api.deleteMessage(this.name, seq, erase);
  }

  resetConsumer(name: string, seq?: number): Promise<ConsumerResetResponse> {
    return new ConsumerAPIImpl(this.api.nc, this.api.opts).reset(this.name, name, seq);
  }
}
