import { InvalidArgumentError, NoRespondersError, RequestError, TimeoutError } from "../errors";
import { MAX_TIMER_DELAY, deferred, timerDelayError } from "../deferred";
import type { MsgHdrs } from "../messages/headers";
import { createInbox } from "./inbox";
import { checkSubject } from "../validation";
import type { Expiring } from "./deadlines";
import { isNoResponders, requestFailure, type InboxMux, type MuxEntry } from "./inbox-mux";
import type { Msg, MsgImpl } from "../messages/msg";
import type { ProtocolHandler } from "../protocol/protocol-handler";
import { acknowledge, type ReplyReceipt } from "../protocol/resend-ledger";
import type { Payload, TraceOptions } from "../messages/publish-options";
import { QueuedIteratorImpl } from "../subscriptions/queued-iterator";
import type { SubscriptionImpl } from "../subscriptions/subscription";
import type { SubscriptionOptions } from "../subscriptions/subscription-api";

/** Options of `request()`, as nats.js's. */
export interface RequestOptions extends TraceOptions {
  /** Milliseconds to wait for the reply (default 1000). */
  timeout: number;
  headers?: MsgHdrs;
  /** Use a subscription of its own instead of the shared inbox. */
  noMux?: boolean;
  /** Reply subject for a `noMux` request. */
  reply?: string;
}

/** How `requestMany()` decides it has all the replies. */
export type RequestStrategy = "timer" | "count" | "stall" | "sentinel";

/** Options of `requestMany()`, as nats.js's. */
export interface RequestManyOptions extends TraceOptions {
  strategy: RequestStrategy;
  /** Longest time to collect replies (ms, default 1000). */
  maxWait: number;
  headers?: MsgHdrs;
  /** With `count`: stop after this many replies. */
  maxMessages?: number;
  noMux?: boolean;
  /** With `stall`: stop when no reply came for this long (ms, default 300). */
  stall?: number;
}

/**
 * The error for the wait of `request()` (`timeout`) and `requestMany()` (`maxWait`), both named "timeout"
 * as in nats.js, or undefined when it is good. 0 and NaN never get here: they mean the default (`|| 1000`).
 */
function waitProblem(ms: number): Error | undefined {
  if (typeof ms !== "number" || ms < 1) return InvalidArgumentError.format("timeout", "must be greater than 0");
  return timerDelayError(ms);
}

// The publish options a request carries: its headers and trace options, none when it has none of them.
function publishOptions(opts: Partial<RequestOptions | RequestManyOptions>): TraceOptions & { headers?: MsgHdrs } | undefined {
  const { headers, traceDestination, traceOnly } = opts;
  return headers !== undefined || traceDestination !== undefined || traceOnly !== undefined ? { headers, traceDestination, traceOnly } : undefined;
}

/**
 * The subscription of a `noMux` request's own inbox: a reply goes to `onReply`, a failure (a no-responders
 * answer included, as NoRespondersError) to `onError`. Marked with the request's subject, so a permissions
 * error about that subject ends it.
 */
function subscribeReplies(
  p: ProtocolHandler,
  inbox: string,
  subject: string,
  opts: SubscriptionOptions,
  onError: (err: Error) => void,
  onReply: (m: Msg) => void,
): SubscriptionImpl {
  const sub = p.subscribe(inbox, {
    ...opts,
    callback: (err, m) => {
      if (!err && isNoResponders(m as MsgImpl)) err = new NoRespondersError(subject);
      if (err) onError(err);
      else onReply(m);
    },
  });
  sub.requestSubject = subject;
  return sub;
}

/** One request, one reply. */
export function request(p: ProtocolHandler, subject: string, payload: Payload | undefined, opts: Partial<RequestOptions> | null = {}): Promise<Msg> {
  // null options are the defaults (nats.js throws a TypeError synchronously from this promise API)
  opts ??= {};
  // 0 (and NaN) mean the default, as nats.js's `opts.timeout || 1000`
  const timeout = opts.timeout || 1000;
  const bad = waitProblem(timeout);
  if (bad) return Promise.reject(bad);
  if (!opts.noMux && opts.reply) return Promise.reject(InvalidArgumentError.format(["reply", "noMux"], "are mutually exclusive"));
  const pubOpts = publishOptions(opts);
  if (opts.noMux) {
    const d = deferred<Msg>();
    try {
      const inbox = opts.reply === undefined ? createInbox(p.options.inboxPrefix) : checkSubject(opts.reply);
      let receipt: ReplyReceipt | undefined;
      const sub = subscribeReplies(p, inbox, subject, { max: 1, timeout }, (err) => d.reject(requestFailure(err)), (m) => {
        // The reply proves the request read: no acknowledging PING (the wire is nats.js's: SUB, UNSUB, PUB).
        acknowledge(receipt);
        d.resolve(m);
      });
      // Nothing after the reply: the server was told max 1 (nats.go's old-style request on the wire).
      sub.quietAtMax = true;
      receipt = p.send(subject, payload, pubOpts, "request", inbox);
    } catch (err) {
      d.reject(err);
    }
    return d;
  }
  return new Promise<Msg>((resolve, reject) => {
    const mux = p.requestMux();
    const entry = new MuxRequest(subject, performance.now() + timeout, resolve, reject, mux, p);
    const token = mux.add(entry);
    entry.token = token;
    p.deadlines.add(entry);
    try {
      entry.receipt = p.request(subject, payload, pubOpts, mux.base, mux.baseBytes, token);
    } catch (err) {
      entry.fail(err as Error, false);
    }
  });
}

// One muxed request: the reply resolves it; its deadline (on the shared timer) rejects it.
class MuxRequest implements MuxEntry, Expiring {
  token = 0;
  receipt: ReplyReceipt | undefined;
  done = false;
  constructor(
    readonly subject: string,
    public deadline: number,
    private readonly resolve: (m: Msg) => void,
    private readonly reject: (e: unknown) => void,
    private readonly mux: InboxMux,
    private readonly p: ProtocolHandler,
  ) {}

  onReply(m: MsgImpl): void {
    if (this.done) return;
    this.finish();
    acknowledge(this.receipt);
    this.resolve(m);
  }

  onError(err: Error): void {
    this.fail(err, true);
  }

  fail(err: Error, wrap: boolean): void {
    if (this.done) return;
    this.finish();
    this.reject(wrap ? requestFailure(err) : err);
  }

  expire(): void {
    this.mux.remove(this.token);
    // No reply proved the request read: a PING does, so it is not sent again after a reconnect.
    if (this.receipt !== undefined) this.p.flush().catch(() => {});
    this.reject(new TimeoutError());
  }

  private finish(): void {
    this.done = true;
    this.mux.remove(this.token);
    this.p.deadlines.cancelled();
  }
}

/**
 * One request, several replies, ended by the strategy. A failure ends the iterator with the specific error
 * (`NoRespondersError`, `PermissionViolationError`), as nats.js does; `request()` wraps the same failures in
 * a `RequestError`.
 */
export function requestMany(
  p: ProtocolHandler,
  subject: string,
  payload: Payload | undefined,
  opts: Partial<RequestManyOptions> | null = {},
): Promise<AsyncIterable<Msg>> {
  opts ??= {}; // null options are the defaults, as in request()
  const strategy = opts.strategy ?? "timer";
  const maxWait = opts.maxWait || 1000; // 0 means the default, as in nats.js
  const bad = waitProblem(maxWait);
  if (bad) return Promise.reject(bad);
  if (!["timer", "count", "stall", "sentinel"].includes(strategy)) {
    // String(): a Symbol in a template literal is a TypeError, which would replace this error
    return Promise.reject(InvalidArgumentError.format("strategy", `'${String(strategy)}' is not one of timer, count, stall, sentinel`));
  }
  const stall = opts.stall;
  if (strategy === "stall" && stall !== undefined && (typeof stall !== "number" || !(stall >= 0) || stall > MAX_TIMER_DELAY)) {
    return Promise.reject(InvalidArgumentError.format("stall", `must be a number from 0 to ${MAX_TIMER_DELAY}`));
  }
  const qi = new QueuedIteratorImpl<Msg>();
  let left = typeof opts.maxMessages === "number" && opts.maxMessages > 0 ? opts.maxMessages : -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cleanup: () => void = () => {};
  const end = (err?: Error) => {
    if (qi.done) return;
    clearTimeout(timer);
    cleanup();
    qi.stop(err);
  };
  const arm = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => end(), ms);
  };
  const onReply = (m: Msg) => {
    if (qi.done) return;
    qi.push(m);
    if (strategy === "count" && left > 0 && --left === 0) end();
    else if (strategy === "stall") arm(opts.stall ?? 300);
    else if (strategy === "sentinel" && m.data.length === 0) end();
  };
  const pubOpts = publishOptions(opts);
  try {
    if (opts.noMux) {
      const inbox = createInbox(p.options.inboxPrefix);
      // As nats.js: requestMany ends with the specific error itself (request() wraps it).
      const sub = subscribeReplies(p, inbox, subject, {}, end, onReply);
      cleanup = () => sub.unsubscribe();
      arm(maxWait);
      p.publish(subject, payload, { ...pubOpts, reply: inbox });
    } else {
      const mux = p.requestMux();
      let receipt: ReplyReceipt | undefined;
      const token = mux.add({
        subject,
        onReply: (m) => {
          acknowledge(receipt);
          onReply(m);
        },
        onError: (err) => end(err),
      });
      cleanup = () => mux.remove(token);
      arm(maxWait);
      receipt = p.send(subject, payload, pubOpts, "request", mux.reply(token));
    }
  } catch (err) {
    end();
    return Promise.reject(err);
  }
  return Promise.resolve(qi);
}

export { RequestError };
