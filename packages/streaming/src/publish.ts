/**
 * Publishing: PubMsg out, PubAck in, each publish with its own ack timeout, and a window of at most
 * `maxPubAcksInflight` publishes waiting for their PubAck. Unlike node-nats-streaming (which checked the
 * window off by one and then sent the message anyway after reporting the error), a publish over the window
 * is never sent: `publish()` fails at once, `publishAsync()` waits for a free slot.
 */
import { encodePayload, nuid, subjectProblem, type Msg } from "@nats-stack/core";
import { StanError } from "./errors";
import { PubAck, PubMsg } from "./pb/protocol";

/** node-nats-streaming's publish callback: `err` is undefined when the server stored the message. */
export type AckHandlerCallback = (err: Error | undefined, guid: string) => void;

/** What the publisher needs from its session. */
export interface PublishSession {
  readonly clientID: string;
  readonly connID: Uint8Array;
  readonly pubPrefix: string;
  readonly ackSubject: string;
  /** Publishes on the NATS connection (throws when it is closed). */
  publish(subject: string, payload: Uint8Array, reply: string): void;
}

interface Outstanding {
  cb: AckHandlerCallback | undefined;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Bytes of what node-nats-streaming accepts as data: a string (UTF-8), bytes (a Buffer is bytes), or nothing
 * (core's `encodePayload`); anything else gets a StanError in STAN's words.
 */
function dataBytes(data: Uint8Array | string | undefined | null): Uint8Array {
  try {
    return encodePayload(data);
  } catch {
    throw new StanError("STAN_ERR_BAD_OPTION", "stan: data must be a string or a Uint8Array");
  }
}

/**
 * Why `subject` and `data` cannot be published, or undefined: the checks a publish makes before anything
 * else, so a publish made before `connect` fails at once rather than after the connection is ready.
 */
export function publishError(subject: unknown, data: unknown): StanError | undefined {
  try {
    dataBytes(data as Uint8Array | string | undefined);
  } catch (err) {
    return err as StanError;
  }
  return channelError(subject);
}

/**
 * Why a channel name cannot be published to, or "". The server refuses wildcards and empty tokens with
 * `stan: invalid publish request`; our NATS client refuses to even send such a subject, so we answer for
 * the server, with its text. An empty channel is node-nats-streaming's `stan: subject must be supplied`
 * (node sent it anyway; NATS dropped it and the publish timed out).
 */
export function channelError(subject: unknown): StanError | undefined {
  if (typeof subject !== "string" || subject.length === 0) return StanError.of("BadSubject");
  if (subjectProblem(subject, false)) return new StanError("STAN_ERR_INVALID_PUBLISH_REQUEST", "stan: invalid publish request");
  return undefined;
}

/** The publish side of a connection. */
export class Publisher {
  private readonly outstanding = new Map<string, Outstanding>();
  private waiters: Array<(err?: Error) => void> = [];
  private closedWith: Error | undefined;

  constructor(
    private session: PublishSession,
    private readonly maxInflight: number,
    private readonly ackTimeout: number,
  ) {}

  /** PubAcks still awaited. */
  get inflight(): number {
    return this.outstanding.size;
  }

  /** Points further publishes at a new session (after the session was re-established). */
  setSession(s: PublishSession): void {
    this.session = s;
    this.closedWith = undefined;
    this.wake();
  }

  /**
   * node-nats-streaming's publish: returns the guid; `cb` gets the PubAck's outcome. Errors known before
   * sending go to `cb` (synchronously, as node-nats-streaming) or are thrown when there is no `cb`.
   */
  publish(subject: string, data: Uint8Array | string | undefined, cb?: AckHandlerCallback, guid = nuid.next()): string {
    // Anything but a function is no callback (node-nats-streaming kept it and threw a TypeError calling
    // it when the PubAck came, inside its NATS client's read loop).
    const callback = typeof cb === "function" ? cb : undefined;
    const fail = (err: Error): string => {
      if (callback) {
        callback(err, guid);
        return guid;
      }
      throw err;
    };
    if (this.closedWith) return fail(this.closedWith);
    if (this.outstanding.size >= this.maxInflight) return fail(StanError.of("MaxInFlight"));
    let bytes: Uint8Array;
    try {
      bytes = dataBytes(data);
    } catch (err) {
      return fail(err as Error);
    }
    const bad = channelError(subject);
    if (bad) return fail(bad);
    return this.send(guid, subject, bytes, callback, fail);
  }

  /** Publishes and resolves with the guid once the server stored the message; waits while the window is full. */
  async publishAsync(subject: string, data?: Uint8Array | string): Promise<string> {
    const bytes = dataBytes(data);
    const bad = channelError(subject);
    if (bad) throw bad;
    while (!this.closedWith && this.outstanding.size >= this.maxInflight) {
      await new Promise<void>((resolve, reject) => this.waiters.push((err) => (err ? reject(err) : resolve())));
    }
    if (this.closedWith) throw this.closedWith;
    return new Promise<string>((resolve, reject) => {
      const guid = nuid.next();
      this.send(guid, subject, bytes, (err) => (err ? reject(err) : resolve(guid)), (err) => {
        reject(err);
        return guid;
      });
    });
  }

  private send(guid: string, subject: string, data: Uint8Array, cb: AckHandlerCallback | undefined, fail: (e: Error) => string): string {
    const s = this.session;
    const msg = PubMsg.encode(PubMsg.fromPartial({ clientID: s.clientID, guid, subject, data, connID: s.connID })).finish();
    const timer = setTimeout(() => this.settle(guid, StanError.of("PubAckTimeout")), this.ackTimeout);
    this.outstanding.set(guid, { cb, timer });
    try {
      s.publish(`${s.pubPrefix}.${subject}`, msg, s.ackSubject);
    } catch (err) {
      clearTimeout(timer);
      this.outstanding.delete(guid);
      this.wake();
      return fail(new StanError("STAN_ERR_CONNECTION_CLOSED", (err as Error).message, { cause: err }));
    }
    return guid;
  }

  /** A message on the PubAck subject. */
  onAck(m: Msg): void {
    let pa: PubAck;
    try {
      pa = PubAck.decode(m.data);
    } catch {
      return; // not ours to judge: a garbled ack is left to its publish's timeout
    }
    this.settle(pa.guid, pa.error ? StanError.fromServer(pa.error) : undefined);
  }

  private settle(guid: string, err: Error | undefined): void {
    const o = this.outstanding.get(guid);
    if (!o) return;
    this.outstanding.delete(guid);
    clearTimeout(o.timer);
    this.wake();
    o.cb?.(err, guid);
  }

  private wake(): void {
    const w = this.waiters.shift();
    w?.(this.closedWith);
    if (this.closedWith) {
      for (const x of this.waiters.splice(0)) x(this.closedWith);
    }
  }

  /**
   * Fails every publish waiting for its PubAck with `err`. With `final`, later publishes fail too (until
   * {@link setSession}); waiting `publishAsync` calls are rejected.
   */
  failAll(err: Error, final: boolean): void {
    // Later publishes get node-nats-streaming's text for a closed connection, whatever closed it.
    if (final) this.closedWith = err instanceof StanError && err.code === "STAN_ERR_CONNECTION_CLOSED" ? err : StanError.of("ConnectionClosed", { cause: err });
    const all = [...this.outstanding];
    this.outstanding.clear();
    for (const [guid, o] of all) {
      clearTimeout(o.timer);
      o.cb?.(err, guid);
    }
    if (final) this.wake();
    else for (let i = 0; i < all.length; i++) this.wake();
  }
}
