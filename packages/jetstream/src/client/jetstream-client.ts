/** The JetStream client: `jetstream(nc, opts)`, publishing with acknowledgements, and consumers. */
import { Empty, InvalidArgumentError, type MsgHdrs, type NatsConnection, type Payload } from "@nats-stack/core";
import { BaseApiClientImpl } from "../api/api-client";
import { DEFAULT_MAX_PENDING_PUBLISHES, type JetStreamManagerOptions, type JetStreamOptions } from "../api/options";
import { ConsumersImpl } from "../consumers/consumers";
import { jsRequestMux } from "../jsmsg/ack-sender";
import { ConsumerAPIImpl } from "../manager/consumers";
import type { JetStreamManager, Stream } from "../manager/manager-api";
import { jetstreamManager } from "../manager/manager";
import { StreamImpl } from "../manager/stream";
import { StreamAPIImpl } from "../manager/streams";
import { buildPublishHeaders } from "../publish/pub-headers";
import { Publisher } from "../publish/publisher";
import { BatchPublisherImpl } from "./batch";
import type { Batch, JetStreamClient, JetStreamPublishOptions, PubAck, Streams } from "./client-api";

/** Streams by name, as nats.js's `StreamsImpl`. */
export class StreamsImpl implements Streams {
  constructor(private readonly api: StreamAPIImpl) {}
  async get(stream: string): Promise<Stream> {
    const si = await this.api.info(stream);
    return new StreamImpl(this.api, si);
  }
}

/** A JetStream context on a connection, as nats.js's `JetStreamClientImpl`. */
export class JetStreamClientImpl extends BaseApiClientImpl implements JetStreamClient {
  readonly consumers: ConsumersImpl;
  readonly streams: StreamsImpl;
  readonly consumerAPI: ConsumerAPIImpl;
  readonly streamAPI: StreamAPIImpl;
  /** @internal */
  readonly publisher: Publisher;

  constructor(nc: NatsConnection, opts?: JetStreamOptions) {
    super(nc, opts);
    this.consumerAPI = new ConsumerAPIImpl(nc, opts);
    this.streamAPI = new StreamAPIImpl(nc, opts);
    this.consumers = new ConsumersImpl(this.consumerAPI);
    this.streams = new StreamsImpl(this.streamAPI);
    this.publisher = new Publisher(nc, () => jsRequestMux(nc), this.opts.maxPendingPublishes ?? DEFAULT_MAX_PENDING_PUBLISHES);
  }

  get apiPrefix(): string {
    return this.prefix;
  }

  /** Publishes awaiting their acknowledgement (ours). */
  get pendingPublishes(): number {
    return this.publisher.pending + this.publisher.queued;
  }

  jetstreamManager(checkAPI?: boolean): Promise<JetStreamManager> {
    const opts: JetStreamManagerOptions = { ...this.opts, checkAPI: checkAPI ?? this.opts.checkAPI };
    return jetstreamManager(this.nc, opts);
  }

  /**
   * Publishes to a stream. Rejects with `JetStreamNotEnabled` (`jetstream is not enabled`, caused by a
   * `RequestError` over `NoRespondersError`) when no stream stores the subject, with the API error when an
   * expectation fails, `TimeoutError` without an acknowledgement in time.
   */
  publish(subj: string, data: Payload = Empty, options?: Partial<JetStreamPublishOptions>): Promise<PubAck> {
    return this.publishRaw(subj, data, options, false);
  }

  /** @internal {@link publish}, where an empty answer may stand for success (`emptyOk`, atomic batches). */
  publishRaw(subj: string, data: Payload = Empty, options: Partial<JetStreamPublishOptions> | undefined, emptyOk: boolean): Promise<PubAck> {
    // null options are no options (nats.js's `opts || {}`); they used to reach the publisher as a TypeError
    if (options === undefined || options === null) return this.publisher.publish(subj, data, undefined, this.timeout, 1, emptyOk);
    return this.withOptions(subj, options, (hdrs, timeout, retries) => this.publisher.publish(subj, data, hdrs, timeout, retries, emptyOk));
  }

  /** @internal {@link publish} resolving with the sequence alone (the key-value store's puts). */
  publishSeq(subj: string, data: Payload, options: Partial<JetStreamPublishOptions> | undefined): Promise<number> {
    if (options === undefined) return this.publisher.publishSeq(subj, data, undefined, this.timeout, 1);
    return this.withOptions(subj, options, (hdrs, timeout, retries) => this.publisher.publishSeq(subj, data, hdrs, timeout, retries));
  }

  /** A publish's options checked and turned into its headers, timeout and attempts; a bad one rejects. */
  private withOptions<T>(
    subj: string,
    options: Partial<JetStreamPublishOptions>,
    send: (hdrs: MsgHdrs | undefined, timeout: number, retries: number) => Promise<T>,
  ): Promise<T> {
    let hdrs;
    try {
      hdrs = this.publishHeaders(subj, options);
    } catch (err) {
      return Promise.reject(err);
    }
    const timeout = options.timeout || this.timeout;
    if (!validTimeout(timeout)) return Promise.reject(badTimeout());
    return send(hdrs, timeout, options.retries ?? 1);
  }

  private publishHeaders(subj: string, options: Partial<JetStreamPublishOptions>): MsgHdrs | undefined {
    if (options.cancelSchedule && options.cancelSchedule.scheduleSubject === subj) {
      throw new Error("cancelSchedule.scheduleSubject must not equal the publish subject");
    }
    return buildPublishHeaders(this.nc, options);
  }

  /** Starts an atomic batch publish (server 2.12+) with its first message. */
  async startBatch(subj: string, payload?: Payload, opts?: Partial<JetStreamPublishOptions>): Promise<Batch> {
    const bp = new BatchPublisherImpl(this);
    await bp.first(subj, payload, opts);
    return bp;
  }
}

/** A JetStream client on `nc`. Synchronous, as nats.js's: nothing is sent until it is used. */
export function jetstream(nc: NatsConnection, opts: JetStreamOptions = {}): JetStreamClient {
  return new JetStreamClientImpl(nc, opts);
}

/** `nc` as a JetStream client: a client is returned as is, a connection gets a new client. */
export function toJetStreamClient(nc: NatsConnection | JetStreamClient): JetStreamClient {
  // new Kvm(null)/new Objm(undefined): a typed error, not a TypeError reading 'publisher'
  if (nc === null || typeof nc !== "object") throw InvalidArgumentError.format("nc", "must be a JetStreamClient or a NatsConnection");
  return (nc as JetStreamClientImpl).publisher !== undefined ? (nc as JetStreamClient) : jetstream(nc as NatsConnection);
}

// A publish timeout as nats.js checks it (0 means the default, as its `||`): a negative or fractional timeout
// would otherwise expire at once and look like a lost acknowledgement (TimeoutError) instead of a mistake.
function validTimeout(t: unknown): boolean {
  return typeof t === "number" && t >= 1;
}

function badTimeout(): InvalidArgumentError {
  return InvalidArgumentError.format("timeout", "must be greater than 0");
}
