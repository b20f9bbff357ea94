import { headerStatusCode } from "@nats-stack/wire";
import { NoRespondersError, RequestError, TimeoutError } from "../errors";
import type { MsgImpl } from "../messages/msg";
import { encodeUtf8 } from "../messages/payload";
import { PendingTable } from "./pending-table";
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
 */
export class InboxMux {
  /** `<inboxPrefix>.<nuid>.` */
  declare readonly base: string;
  /** {@link base} as UTF-8 bytes (a request's reply subject is written from them, no string is built). */
  declare readonly baseBytes: Uint8Array;
  private readonly entries = new PendingTable<number, MuxEntry>();
  private counter = 0;

  constructor(base: string) {
    this.base = base;
    this.baseBytes = encodeUtf8(base);
  }

  /** Registers a request; returns its token (its reply subject is {@link reply}`(token)`). */
  add(e: MuxEntry): number {
    const token = ++this.counter;
    this.entries.set(token, e);
    return token;
  }

  /** The reply subject of a token. */
  reply(token: number): string {
    return this.base + token.toString(36);
  }

  remove(token: number): void {
    this.entries.delete(token);
  }

  /** Routes a reply by its last token. */
  dispatch(m: MsgImpl): void {
    const e = this.entries.get(m.subjectNumber(this.baseBytes.length, 36));
    if (!e) return;
    if (isNoResponders(m)) e.onError(new NoRespondersError(e.subject));
    else e.onReply(m);
  }

  /** Fails the requests sent to `subject` (a permissions violation names it). True if any. */
  failSubject(subject: string, err: Error): boolean {
    let any = false;
    for (const e of this.entries.values()) {
      if (e.subject === subject) {
        any = true;
        e.onError(err);
      }
    }
    return any;
  }

  /** Fails every request. */
  failAll(err: Error): void {
    for (const e of this.entries.values()) e.onError(err);
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
