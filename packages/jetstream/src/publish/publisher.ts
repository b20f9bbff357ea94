/**
 * JetStream publishing: each publish is a request whose reply (the `PubAck`) comes back on the connection's
 * one JetStream inbox subscription, matched by a token (core's `RequestMux`): no subscription, no timer and no
 * Error per publish. At most `maxPendingPublishes` wait for their acknowledgement; later publishes queue (in
 * call order) and go out as acknowledgements come in, inside the delivery of those acknowledgements, so a
 * window refills in the same socket write.
 */
import {
  backoff,
  NoRespondersError,
  RequestError,
  TimeoutError,
  type MsgHdrs,
  type Payload,
  type RequestMux,
} from "@nats-stack/core";
import { notEnabled } from "../api/api-client";
import type { PubAck } from "../client/client-api";
import { parsePubAck } from "./pub-ack";

/** One publish on its way. */
interface PendingPublish {
  subject: string;
  data: Payload | undefined;
  headers: MsgHdrs | undefined;
  /** When the first attempt must have been answered (ms, performance.now()). */
  deadline: number;
  timeout: number;
  retries: number;
  attempt: number;
  /** An empty answer is a success (the messages of an atomic batch before its commit). */
  emptyOk: boolean;
  resolve: (pa: PubAck) => void;
  reject: (err: unknown) => void;
}

/** Sends publishes through a request mux, at most `max` awaiting acknowledgement at once (0: no bound). */
export class Publisher {
  private inFlight = 0;
  private readonly queue: PendingPublish[] = [];
  private head = 0;
  private readonly bo = backoff();

  constructor(
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
    return new Promise<PubAck>((resolve, reject) => {
      const p: PendingPublish = {
        subject,
        data,
        headers: hdrs,
        deadline: performance.now() + timeout,
        timeout,
        retries: retries === -1 ? Number.MAX_SAFE_INTEGER : Math.max(1, retries || 1),
        attempt: 0,
        emptyOk,
        resolve,
        reject,
      };
      if (this.max === 0 || (this.inFlight < this.max && this.queued === 0)) this.send(p);
      else this.queue.push(p);
    });
  }

  private send(p: PendingPublish): void {
    // A publish that waited its whole timeout in the queue is not sent any more.
    const left = p.attempt === 0 ? Math.ceil(p.deadline - performance.now()) : p.timeout;
    if (left < 1) {
      p.reject(new TimeoutError());
      return;
    }
    this.inFlight++;
    this.mux().send(p.subject, p.data, { timeout: left, headers: p.headers }, (err, m) => {
      this.inFlight--;
      if (err) this.failed(p, err);
      else if (p.emptyOk && m!.data.length === 0) p.resolve(undefined as unknown as PubAck);
      else {
        const r = parsePubAck(m!);
        if (r instanceof Error) p.reject(r);
        else p.resolve(r);
      }
      this.pump();
    });
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
    if (noResponders) p.reject(notEnabled(new RequestError(err.message, { cause: err })));
    else p.reject(err);
  }

  // Sends queued publishes while the window has room.
  private pump(): void {
    while (this.head < this.queue.length && (this.max === 0 || this.inFlight < this.max)) {
      const p = this.queue[this.head]!;
      this.queue[this.head++] = undefined as unknown as PendingPublish;
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
