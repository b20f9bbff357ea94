import { NatsConnectionImpl, type NatsConnection } from "../connection/connection";
import { Deadlines, type Expiring } from "./deadlines";
import { ClosedConnectionError, InvalidArgumentError, NoRespondersError, RequestError, TimeoutError } from "../errors";
import type { MsgHdrs } from "../messages/headers";
import { createInbox } from "./inbox";
import { isNoRespondersMsg } from "../messages/msg-status";
import { MsgImpl, type Msg } from "../messages/msg";
import type { ProtocolHandler } from "../protocol/protocol-handler";
import { encodeUtf8 } from "../messages/payload";
import { PendingTable } from "./pending-table";
import { tokenProblem } from "../validation";
import type { Payload } from "../messages/publish-options";
import type { Subscription } from "../subscriptions/subscription-api";

/** Options of a {@link RequestMux}. */
export interface RequestMuxOptions {
  /** Inbox prefix (default `_INBOX`). */
  prefix?: string;
  /**
   * Makes the last token of each reply subject. Default: a counter in base 36 (short subjects). STAN passes
   * NUIDs so its sessions look on the wire like node-nats-streaming's.
   */
  token?: () => string;
}

/** Options of one request made through a {@link RequestMux}. */
export interface MuxRequestOptions {
  /** Milliseconds to wait for the reply. */
  timeout: number;
  headers?: MsgHdrs;
  /** The error a timeout fails the request with (default `TimeoutError`), for callers with their own texts. */
  timeoutError?: () => Error;
}

/** Called once per request: with the reply, or with the error that ended the request. */
export type ReplyCallback = (err: Error | null, msg?: Msg) => void;

class Pending implements Expiring {
  done = false;
  constructor(
    readonly key: number | string,
    readonly subject: string,
    public deadline: number,
    readonly cb: ReplyCallback,
    readonly timeoutError: (() => Error) | undefined,
    readonly owner: RequestMux,
  ) {}
  expire(): void {
    this.owner.expired(this);
  }
}

/**
 * Many requests over one wildcard inbox subscription (`<prefix>.<nuid>.*`), each with a token as the last
 * subject token, and every deadline on one timer. Replies reach their callbacks synchronously, inside the
 * delivery of the reply, so what a callback sets up is in place before the next message of the same read is
 * delivered (STAN relies on it), and no Promise or Error is made for a request that succeeds (JetStream's
 * publish acknowledgements rely on it). Built on the public `NatsConnection` API only, so it works on any
 * connection.
 */
export class RequestMux {
  /** `<prefix>.<nuid>.`: every reply subject starts with it. */
  readonly inbox: string;
  private readonly inboxBytes: Uint8Array;
  private readonly nc: NatsConnection;
  // Our own connection's engine, for the direct publish path; undefined on any other NatsConnection.
  private readonly protocol: ProtocolHandler | undefined;
  // Default tokens are numbers (a counter, base 36 on the wire); custom tokens are strings.
  private readonly entries = new PendingTable<number | string, Pending>();
  private readonly deadlines = new Deadlines();
  private readonly makeToken: (() => string) | undefined;
  private counter = 0;
  private sub: Subscription | undefined;
  private closedWith: Error | undefined;

  constructor(nc: NatsConnection, opts: RequestMuxOptions = {}) {
    this.nc = nc;
    this.protocol = nc instanceof NatsConnectionImpl ? nc.protocol : undefined;
    this.inbox = `${createInbox(opts.prefix ?? "")}.`;
    this.inboxBytes = encodeUtf8(this.inbox);
    this.makeToken = opts.token;
  }

  /** Requests waiting for their reply. */
  get pending(): number {
    return this.entries.size;
  }

  // Subscribes on first use, so a mux that is never used costs no subscription.
  private subscription(): void {
    if (this.sub) return;
    const sub = this.nc.subscribe(`${this.inbox}*`, {
      callback: (err, m) => (err ? this.failAll(new RequestError(err.message, { cause: err })) : this.dispatch(m)),
      // Replies are awaited by their requests: never drop one as a slow consumer.
      pendingMsgsLimit: -1,
      pendingBytesLimit: -1,
    });
    this.sub = sub;
    void sub.closed.then(() => {
      if (this.sub !== sub) return;
      this.sub = undefined;
      this.failAll(new RequestError("connection closed", { cause: new ClosedConnectionError() }));
    });
  }

  /**
   * Publishes a request and calls `done` once: with the reply; with `NoRespondersError` when the server says
   * nobody listens; with `TimeoutError` (or `opts.timeoutError()`) past the timeout; with the publish's own
   * error (a bad subject, a closed connection). Returns the request's token, for {@link cancel}.
   */
  send(subject: string, payload: Payload | undefined, opts: MuxRequestOptions, done: ReplyCallback): string {
    if (typeof opts?.timeout !== "number" || !(opts.timeout >= 1)) {
      done(InvalidArgumentError.format("timeout", "must be greater than 0"));
      return "";
    }
    if (this.closedWith) {
      done(this.closedWith);
      return "";
    }
    let key: number | string;
    let token: string;
    if (this.makeToken === undefined) {
      key = ++this.counter;
      token = key.toString(36);
    } else {
      key = token = this.makeToken();
      const why = tokenProblem(token);
      if (why) {
        done(InvalidArgumentError.format("token", `'${token}' ${why}`));
        return "";
      }
    }
    const p = new Pending(key, subject, performance.now() + opts.timeout, done, opts.timeoutError, this);
    try {
      this.subscription();
      this.entries.set(key, p);
      this.deadlines.add(p);
      const h = opts.headers;
      if (this.protocol === undefined) {
        this.nc.publish(subject, payload, { reply: this.inbox + token, headers: h });
      } else if (typeof key === "number" && h === undefined) {
        // Our own connection: the reply subject written from the inbox's bytes and the counter. A plain
        // publish for acknowledgement (as through nc.publish): proven by a PING, not by its reply, so one
        // whose reply is slow (a JetStream publish) is not sent again after a reconnect once read.
        this.protocol.request(subject, payload, undefined, this.inbox, this.inboxBytes, key, "publish");
      } else {
        this.protocol.send(subject, payload, h === undefined ? undefined : { headers: h }, "publish", this.inbox + token, true);
      }
    } catch (err) {
      if (this.entries.delete(key)) {
        p.done = true;
        this.deadlines.cancelled();
      }
      done(err as Error);
    }
    return token;
  }

  /** {@link send} as a Promise. */
  request(subject: string, payload: Payload | undefined, opts: MuxRequestOptions): Promise<Msg> {
    return new Promise<Msg>((resolve, reject) => this.send(subject, payload, opts, (err, m) => (err ? reject(err) : resolve(m!))));
  }

  // The entry key of a token as returned by send (a default token is the counter in base 36).
  private keyOf(token: string): number | string {
    return this.makeToken === undefined ? parseInt(token, 36) : token;
  }

  /** Forgets a request without calling its callback (a late reply is ignored). */
  cancel(token: string): void {
    const key = this.keyOf(token);
    const p = this.entries.get(key);
    if (!p) return;
    this.entries.delete(key);
    p.done = true;
    this.deadlines.cancelled();
  }

  /** @internal The deadline of `p` passed. */
  expired(p: Pending): void {
    if (this.entries.get(p.key) !== p) return;
    this.entries.delete(p.key);
    p.cb(p.timeoutError ? p.timeoutError() : new TimeoutError());
  }

  // Routes a reply by its token. A message of our own client with a default token is routed by the number
  // read from its subject bytes (no subject string is made); any other by the subject's last token.
  private dispatch(m: Msg): void {
    let key: number | string;
    if (this.makeToken === undefined && m instanceof MsgImpl) {
      key = m.subjectNumber(this.inboxBytes.length, 36);
    } else {
      const subject = m.subject;
      if (!subject.startsWith(this.inbox)) return;
      key = this.keyOf(subject.slice(this.inbox.length));
    }
    const p = this.entries.get(key);
    if (!p) return;
    this.entries.delete(key);
    p.done = true;
    this.deadlines.cancelled();
    if (isNoRespondersMsg(m)) p.cb(new NoRespondersError(p.subject));
    else p.cb(null, m);
  }

  private failAll(err: Error): void {
    const all = this.entries.values();
    this.entries.clear();
    for (const p of all) {
      p.done = true;
      this.deadlines.cancelled();
      p.cb(err);
    }
  }

  /**
   * Fails every waiting request with `err` (default: a `RequestError` "request mux closed") and drops the
   * subscription. Later requests fail at once with the same error.
   */
  close(err: Error = new RequestError("request mux closed")): void {
    this.closedWith = err;
    const sub = this.sub;
    this.sub = undefined;
    this.failAll(err);
    if (sub && !this.nc.isClosed()) sub.unsubscribe();
  }
}
