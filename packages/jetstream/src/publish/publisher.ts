/**
 * JetStream publishing: each publish is a request whose reply (the `PubAck`) comes back on the connection's
 * one JetStream inbox subscription, matched by a token (core's `RequestMux`): no subscription, no timer and no
 * Error per publish. At most `maxPendingPublishes` wait for their acknowledgement; later publishes queue (in
 * call order) and go out as acknowledgements come in, inside the delivery of those acknowledgements, so a
 * window refills in the same socket write.
 *
 * A publish that goes out while no other awaits its acknowledgement (the awaited loop, a KV put) is sent as
 * core's `request()` instead: core writes a request without the acknowledging PING it adds after a batch of
 * plain publishes (the reply proves the server read it, and it is resent after a reconnect until then), so
 * the server answers one message instead of a PONG and the acknowledgement, usually in two reads. A window of
 * publishes shares one PING per write, and keeps the mux's synchronous, Promise-free path.
 *
 * The bookkeeping of a publish (and the callback the mux calls) is reused once it settled, so a long run of
 * publishes allocates little beyond the Promise each returns.
 */
import {
  backoff,
  NoRespondersError,
  RequestError,
  TimeoutError,
  type Msg,
  type MsgHdrs,
  type MuxRequestOptions,
  type NatsConnection,
  type Payload,
  type RequestMux,
  type RequestOptions,
} from "@nats-stack/core";
import { notEnabled } from "../api/api-client";
import type { PubAck } from "../client/client-api";
import { parsePubAck } from "./pub-ack";

/** Most settled publish records kept for reuse. */
const POOL_MAX = 4096;

/** One publish on its way (reused once settled). */
class PendingPublish {
  subject = "";
  data: Payload | undefined = undefined;
  headers: MsgHdrs | undefined = undefined;
  /** When the first attempt must have been answered (ms, performance.now()). */
  deadline = 0;
  timeout = 0;
  retries = 1;
  attempt = 0;
  /** An empty answer is a success (the messages of an atomic batch before its commit). */
  emptyOk = false;
  /** Resolve with the sequence alone (a key-value put), sparing the caller a `then` of its own. */
  seqOnly = false;
  resolve: ((v: PubAck | number) => void) | undefined = undefined;
  reject: ((err: unknown) => void) | undefined = undefined;
  /** The mux's callback for this record, made once. */
  readonly done: (err: Error | null, m?: Msg) => void;
  /** The callbacks of a publish sent as a core request, made once. */
  readonly replied: (m: Msg) => void;
  readonly refused: (err: unknown) => void;

  /** Takes the settle functions of the Promise a publish returns (made once, reused with the record). */
  readonly executor: (resolve: (v: PubAck | number) => void, reject: (err: unknown) => void) => void;

  constructor(owner: Publisher) {
    this.executor = (resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    };
    this.done = (err, m) => owner.fromMux(this, err, m);
    this.replied = (m) => owner.settled(this, null, m);
    // core's request() reports no responders as a RequestError over the NoRespondersError (the mux: the
    // NoRespondersError itself, which is what the retry logic looks for).
    this.refused = (err) => owner.settled(this, err instanceof RequestError && err.cause instanceof NoRespondersError ? err.cause : (err as Error), undefined);
  }
}

/** Sends publishes through a request mux, at most `max` awaiting acknowledgement at once (0: no bound). */
export class Publisher {
  private inFlight = 0;
  private readonly queue: (PendingPublish | undefined)[] = [];
  private head = 0;
  private readonly bo = backoff();
  private readonly pool: PendingPublish[] = [];
  // The mux and core's request() read their options synchronously: one object serves every send.
  private readonly sendOpts: MuxRequestOptions = { timeout: 0, headers: undefined };
  private readonly requestOpts: Partial<RequestOptions> = { timeout: 0, headers: undefined };
  // The publish sent alone (as a request) while it awaits its acknowledgement, and the mux answers put off
  // behind it (see fromMux).
  private alone: PendingPublish | undefined = undefined;
  private putOff = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly mux: () => RequestMux,
    readonly max: number,
  ) {}

  /** Publishes waiting for their acknowledgement. */
  get pending(): number {
    return this.inFlight;
  }

  /** Publishes queued behind the window. */
  get queued(): number {
    return this.queue.length - this.head;
  }

  /** Publishes and resolves with the acknowledgement, retrying timeouts and no responders `retries - 1` times. */
  publish(subject: string, data: Payload | undefined, hdrs: MsgHdrs | undefined, timeout: number, retries: number, emptyOk = false): Promise<PubAck> {
    return this.start(subject, data, hdrs, timeout, retries, emptyOk, false) as Promise<PubAck>;
  }

  /** {@link publish}, resolving with the stored message's sequence. */
  publishSeq(subject: string, data: Payload | undefined, hdrs: MsgHdrs | undefined, timeout: number, retries: number): Promise<number> {
    return this.start(subject, data, hdrs, timeout, retries, false, true) as Promise<number>;
  }

  private start(subject: string, data: Payload | undefined, hdrs: MsgHdrs | undefined, timeout: number, retries: number, emptyOk: boolean, seqOnly: boolean): Promise<PubAck | number> {
    const p = this.pool.pop() ?? new PendingPublish(this);
    // The record's own executor (made once) takes the settle functions: no closure over this call's
    // arguments is made per publish.
    const promise = new Promise<PubAck | number>(p.executor);
    p.subject = subject;
    p.data = data;
    p.headers = hdrs;
    p.deadline = performance.now() + timeout;
    p.timeout = timeout;
    p.retries = retries === -1 ? Number.MAX_SAFE_INTEGER : Math.max(1, retries || 1);
    p.attempt = 0;
    p.emptyOk = emptyOk;
    p.seqOnly = seqOnly;
    try {
      if (this.max === 0 || (this.inFlight < this.max && this.queued === 0)) this.send(p);
      else this.queue.push(p);
    } catch (err) {
      // As a throw inside the executor did: the publish's Promise rejects.
      if (p.resolve) this.finish(p, err, undefined);
    }
    return promise;
  }

  private send(p: PendingPublish): void {
    // A publish that waited its whole timeout in the queue is not sent any more.
    const left = p.attempt === 0 ? Math.ceil(p.deadline - performance.now()) : p.timeout;
    if (left < 1) {
      this.finish(p, new TimeoutError(), undefined);
      return;
    }
    if (this.inFlight++ === 0) {
      // Alone: as a request, without the PING a batch of plain publishes gets (see the top of this file).
      this.alone = p;
      const r = this.requestOpts;
      r.timeout = left;
      r.headers = p.headers;
      let reply: Promise<Msg>;
      try {
        reply = this.nc.request(p.subject, p.data, r);
      } catch (err) {
        reply = Promise.reject(err);
      }
      r.headers = undefined;
      reply.then(p.replied, p.refused);
      return;
    }
    const o = this.sendOpts;
    o.timeout = left;
    o.headers = p.headers;
    this.mux().send(p.subject, p.data, o, p.done);
    o.headers = undefined;
  }

  /**
   * @internal The mux answered `p` (or gave up on it). A request's answer reaches {@link settled} one microtask
   * after its delivery, the mux's within it: while a publish sent alone is unsettled, mux answers are put off
   * by a microtask (in order), so that acknowledgements of one stream arriving in one read settle the
   * publishes in call order.
   */
  fromMux(p: PendingPublish, err: Error | null, m: Msg | undefined): void {
    if (this.alone === undefined && this.putOff === 0) return this.settled(p, err, m);
    this.putOff++;
    queueMicrotask(() => {
      this.putOff--;
      this.settled(p, err, m);
    });
  }

  /** @internal `p` was answered (or given up on). */
  settled(p: PendingPublish, err: Error | null, m: Msg | undefined): void {
    if (this.alone === p) this.alone = undefined;
    this.inFlight--;
    if (err) this.failed(p, err);
    else if (p.emptyOk && m!.data.length === 0) this.finish(p, null, undefined);
    else {
      const r = parsePubAck(m!);
      if (r instanceof Error) this.finish(p, r, undefined);
      else this.finish(p, null, r);
    }
    this.pump();
  }

  // Settles the caller's promise and returns the record to the pool.
  private finish(p: PendingPublish, err: unknown, pa: PubAck | undefined): void {
    const { resolve, reject } = p;
    p.resolve = undefined;
    p.reject = undefined;
    p.data = undefined;
    p.headers = undefined;
    if (this.pool.length < POOL_MAX) this.pool.push(p);
    if (err) reject!(err);
    else resolve!(p.seqOnly ? pa!.seq : pa!);
  }

  private failed(p: PendingPublish, err: Error): void {
    const noResponders = err instanceof NoRespondersError;
    if ((noResponders || err instanceof TimeoutError) && p.attempt + 1 < p.retries) {
      const wait = this.bo.backoff(p.attempt);
      p.attempt++;
      // Retries keep their place in the window: they count as in flight while they wait.
      this.inFlight++;
      setTimeout(() => {
        this.inFlight--;
        this.send(p);
      }, wait);
      return;
    }
    this.finish(p, noResponders ? notEnabled(new RequestError(err.message, { cause: err })) : err, undefined);
  }

  // Sends queued publishes while the window has room.
  private pump(): void {
    while (this.head < this.queue.length && (this.max === 0 || this.inFlight < this.max)) {
      const p = this.queue[this.head]!;
      this.queue[this.head++] = undefined;
      this.send(p);
    }
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}
