import { headerStatusCode } from "@nats-stack/wire";
import { NoRespondersError, RequestError, TimeoutError } from "../errors";
import type { MsgImpl } from "../messages/msg";
import { encodeUtf8 } from "../messages/payload";
import type { SubscriptionImpl } from "../subscriptions/subscription";
import type { SubscriptionOptions } from "../subscriptions/subscription-api";

/** A request waiting for its reply (or replies) on the shared inbox. */
export interface MuxEntry {
  /** Subject the request was published to, for no-responders and permission errors. */
  readonly subject: string;
  /** A reply arrived. */
  onReply(m: MsgImpl): void;
  /** The request failed (no responders, permissions, connection closed). */
  onError(err: Error): void;
}

/** True for the reply a server makes when nobody listens: status 503 and no body. */
export function isNoResponders(m: MsgImpl): boolean {
  const h = m.rawHeaders;
  return h !== undefined && m.data.length === 0 && headerStatusCode(h) === 503;
}

/** Wraps a specific failure the way nats.js reports failed requests (timeouts stay TimeoutError). */
export function requestFailure(err: Error): Error {
  if (err instanceof TimeoutError || err instanceof RequestError) return err;
  return new RequestError(err.message, { cause: err });
}

/**
 * The muxed request inbox: one wildcard subscription `<prefix>.<nuid>.*` serves every request of the
 * connection; each request gets a counter in base 36 as the last subject token. Replies are routed by that
 * number read from the subject's bytes (the subscription only delivers `<base>*`), so no subject string is
 * decoded. No Error object and no stack trace is made for a request that succeeds.
 *
 * One waiting request is kept in a field of its own, the others in a Map: sequential requests (one at a
 * time, the common await-each pattern) never touch the Map, whose table V8 reallocates when an entry added
 * and deleted per request leaves it nearly empty.
 */
export class InboxMux {
  /** `<inboxPrefix>.<nuid>.` */
  readonly base: string;
  /** {@link base} as UTF-8 bytes (a request's reply subject is written from them, no string is built). */
  readonly baseBytes: Uint8Array;
  private readonly entries = new Map<number, MuxEntry>();
  private oneToken = 0;
  private one: MuxEntry | undefined = undefined;
  private counter = 0;

  constructor(base: string) {
    this.base = base;
    this.baseBytes = encodeUtf8(base);
  }

  /** Registers a request; returns its token (its reply subject is {@link reply}`(token)`). */
  add(e: MuxEntry): number {
    const token = ++this.counter;
    if (this.one === undefined) {
      this.one = e;
      this.oneToken = token;
    } else this.entries.set(token, e);
    return token;
  }

  private get(token: number): MuxEntry | undefined {
    return token === this.oneToken ? this.one : this.entries.get(token);
  }

  // Every waiting request, for the failures that end many at once.
  private all(): MuxEntry[] {
    const out = [...this.entries.values()];
    if (this.one !== undefined) out.push(this.one);
    return out;
  }

  /** The reply subject of a token. */
  reply(token: number): string {
    return this.base + token.toString(36);
  }

  remove(token: number): void {
    if (token === this.oneToken) this.one = undefined;
    else this.entries.delete(token);
  }

  /** Routes a reply by its last token. */
  dispatch(m: MsgImpl): void {
    const e = this.get(m.subjectNumber(this.baseBytes.length, 36));
    if (!e) return;
    if (isNoResponders(m)) e.onError(new NoRespondersError(e.subject));
    else e.onReply(m);
  }

  /** Fails the requests sent to `subject` (a permissions violation names it). True if any. */
  failSubject(subject: string, err: Error): boolean {
    let any = false;
    for (const e of this.all()) {
      if (e.subject === subject) {
        any = true;
        e.onError(err);
      }
    }
    return any;
  }

  /** Fails every request. */
  failAll(err: Error): void {
    for (const e of this.all()) e.onError(err);
  }

  /**
   * A mux on `base`, subscribed through `client` (see {@link subscribe}); `ended` is told when that
   * subscription ends (the connection closed), so the client makes a new mux for later requests.
   */
  static open(client: Parameters<InboxMux["subscribe"]>[0], base: string, ended: (mux: InboxMux) => void): InboxMux {
    const mux = new InboxMux(base);
    void mux.subscribe(client).closed.then(() => ended(mux));
    return mux;
  }

  /** Subscribes `<base>*` through `client`; every reply is routed by {@link dispatch}. */
  subscribe(client: { subscribe(subject: string, opts: SubscriptionOptions): SubscriptionImpl }): SubscriptionImpl {
    return client.subscribe(`${this.base}*`, {
      callback: (err, m) => {
        if (err) this.failAll(new RequestError(err.message, { cause: err }));
        else this.dispatch(m as MsgImpl);
      },
      // Replies are awaited by their requests; never drop one as a slow consumer.
      pendingMsgsLimit: -1,
      pendingBytesLimit: -1,
    });
  }
}
