import type { NatsConnection } from "../connection/connection";
import { Deadlines, type Expiring } from "./deadlines";
import { ClosedConnectionError, InvalidArgumentError, NoRespondersError, RequestError, TimeoutError } from "../errors";
import type { MsgHdrs } from "../messages/headers";
import { createInbox } from "./inbox";
import { isNoRespondersMsg } from "../messages/msg-status";
import type { Msg } from "../messages/msg";
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
    readonly token: string,
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
  private readonly nc: NatsConnection;
  private readonly entries = new Map<string, Pending>();
  private readonly deadlines = new Deadlines();
  private readonly makeToken: () => string;
  private counter = 0;
  private sub: Subscription | undefined;
  private closedWith: Error | undefined;

  constructor(nc: NatsConnection, opts: RequestMuxOptions = {}) {
    this.nc = nc;
    this.inbox = `${createInbox(opts.prefix ?? "")}.`;
    this.makeToken = opts.token ?? (() => (++this.counter).toString(36));
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
    const token = this.makeToken();
    const p = new Pending(token, subject, performance.now() + opts.timeout, done, opts.timeoutError, this);
    try {
      this.subscription();
      this.entries.set(token, p);
      this.deadlines.add(p);
      this.nc.publish(subject, payload, { reply: this.inbox + token, headers: opts.headers });
    } catch (err) {
      if (this.entries.delete(token)) {
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

  /** Forgets a request without calling its callback (a late reply is ignored). */
  cancel(token: string): void {
    const p = this.entries.get(token);
    if (!p) return;
    this.entries.delete(token);
    p.done = true;
    this.deadlines.cancelled();
  }

  /** @internal The deadline of `p` passed. */
  expired(p: Pending): void {
    if (this.entries.get(p.token) !== p) return;
    this.entries.delete(p.token);
    p.cb(p.timeoutError ? p.timeoutError() : new TimeoutError());
  }

  private dispatch(m: Msg): void {
    const subject = m.subject;
    if (!subject.startsWith(this.inbox)) return;
    const token = subject.slice(this.inbox.length);
    const p = this.entries.get(token);
    if (!p) return;
    this.entries.delete(token);
    p.done = true;
    this.deadlines.cancelled();
    if (isNoRespondersMsg(m)) p.cb(new NoRespondersError(p.subject));
    else p.cb(null, m);
  }

  private failAll(err: Error): void {
    const all = [...this.entries.values()];
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
