/**
 * Where a subscription's messages go: its `message` listeners, its current `for await` loop, or, while it has
 * neither, a backlog that waits (unacked) for the first of them. A message is auto-acked once every taker is
 * done with it: each listener that returns a promise holds the ack until it settles, a loop holds it until
 * it asks for the next message, and a listener that throws or rejects cancels it (the server redelivers).
 * Apart from {@link Subscription}, which keeps the subscription's life with the server (subscribe,
 * ready, unsubscribe or close, a lost session) and sends the acks this decides on.
 */
import type { Emitter } from "./emitter";
import type { Message } from "./message";
import { MessageLoop, type Delivery } from "./message-loop";

/** What the router needs of its subscription: the listeners, its options and its acks. */
export interface RoutingOwner extends Pick<Emitter, "listenerCount" | "callEach" | "raise"> {
  readonly opts: { readonly manualAcks?: boolean };
  ackMessage(m: Message): boolean;
}

function isPromiseLike(v: unknown): v is PromiseLike<unknown> {
  return typeof v === "object" && v !== null && typeof (v as PromiseLike<unknown>).then === "function";
}

/** The takers of one subscription's messages. */
export class MessageRouting {
  private readonly owner: RoutingOwner;
  // Messages that arrived while nobody took them (no listener, no loop): they wait, unacked, for the first.
  private backlog: Delivery[] = [];
  // The current `for await` loop.
  private loop: MessageLoop | undefined;

  constructor(owner: RoutingOwner) {
    this.owner = owner;
  }

  /**
   * Hands a message to the `message` listeners and to the iterator; auto-acks once all of them are done
   * with it (synchronously when every listener is synchronous, as node-nats-streaming). With neither a
   * listener nor an iterator yet, the message waits (unacked) for the first of them, instead of being
   * acked unseen as node-nats-streaming did. `first`: not a redelivery of a message already delivered.
   */
  dispatch(m: Message, first: boolean): void {
    const auto = !this.owner.opts.manualAcks;
    let holds = 1;
    let failed = false;
    const release = (): void => {
      if (--holds === 0 && auto && !failed) this.owner.ackMessage(m);
    };
    const hold = (): void => {
      holds++;
    };
    const fail = (): void => {
      failed = true;
    };
    const listeners = this.owner.listenerCount("message") > 0;
    if (listeners) this.toListeners(m, hold, release, fail);
    const iterating = this.iterating;
    // A redelivery of a message still waiting in the queue is the same work; keep one.
    const seq = m.getSequence();
    const queued = !first && (this.backlog.some((d) => d.m.getSequence() === seq) || (iterating && this.loop!.holds(seq)));
    if ((iterating || !listeners) && !queued) {
      holds++;
      const d: Delivery = { m, release, listenersSeen: listeners, hold, fail };
      if (!iterating || !this.loop!.add(d)) this.backlog.push(d);
    }
    release();
  }

  private get iterating(): boolean {
    return this.loop !== undefined && !this.loop.done;
  }

  private toListeners(m: Message, hold: () => void, release: () => void, fail: () => void): void {
    const reject = (err: unknown): void => {
      fail();
      this.owner.raise("error", err instanceof Error ? err : new Error(String(err)));
    };
    this.owner.callEach(
      "message",
      [m],
      (r) => {
        if (!isPromiseLike(r)) return;
        hold();
        r.then(release, (e) => {
          reject(e);
          release();
        });
      },
      reject,
    );
  }

  /**
   * A `message` listener was added: messages queued while nobody listened go to the listeners now (after
   * the caller finished adding them), unless an iterator takes them.
   */
  listenerAdded(): void {
    if (this.iterating || !this.backlog.length) return;
    queueMicrotask(() => {
      if (this.iterating) return;
      for (const d of this.backlog.splice(0)) {
        if (!d.listenersSeen) this.toListeners(d.m, d.hold, d.release, d.fail);
        d.release();
      }
    });
  }

  /**
   * The iterator of a `for await` loop (see {@link Subscription}'s): the current loop's while it runs, else a
   * new loop that takes the backlog first. `ended`: the subscription is over, so the loop hands out what it
   * got and ends (throwing `failure` when given).
   */
  iterator(ended: boolean, failure: Error | undefined): AsyncIterator<Message> {
    if (this.iterating) return this.loop![Symbol.asyncIterator]();
    const loop = new MessageLoop((untaken) => {
      if (this.loop === loop) this.loop = undefined;
      this.backlog.unshift(...untaken);
      if (this.owner.listenerCount("message")) this.listenerAdded();
    });
    this.loop = loop;
    for (const d of this.backlog.splice(0)) loop.add(d);
    if (ended) loop.stop(failure);
    return loop[Symbol.asyncIterator]();
  }

  /** The subscription ended: the loop hands out what it holds, then ends (throwing `err` when given). */
  stop(err?: Error): void {
    this.loop?.stop(err);
  }
}
