/**
 * A NATS connection with no server behind it, for unit tests: it records what the client publishes and
 * subscribes and never answers, so a STAN client given it as `nc` stays connecting (until its connect
 * timeout) without any network.
 */
import type { Msg, NatsConnection, Subscription } from "@nats-stack/core";

/** One publish the client made. */
export interface Published {
  subject: string;
  data: Uint8Array;
  reply: string | undefined;
}

/** The connection and what went through it. */
export interface SilentConnection {
  nc: NatsConnection;
  published: Published[];
  subscribed: string[];
}

/** A connection that records and never answers. */
export function silentConnection(): SilentConnection {
  const published: Published[] = [];
  const subscribed: string[] = [];
  let closed = false;
  let closedResolve: (v: void | Error) => void = () => {};
  const closedP = new Promise<void | Error>((r) => (closedResolve = r));
  const nc = {
    info: undefined,
    subscribe(subject: string, _opts?: { callback?: (e: Error | null, m: Msg) => void }): Subscription {
      subscribed.push(subject);
      let done = false;
      let ended: () => void = () => {};
      const sub = {
        unsubscribe: () => {
          done = true;
          ended();
        },
        drain: () => Promise.resolve(),
        isClosed: () => done,
        getSubject: () => subject,
        closed: new Promise<void>((r) => (ended = r)),
        getID: () => subscribed.length,
        [Symbol.asyncIterator]: async function* () {},
      };
      return sub as unknown as Subscription;
    },
    publish(subject: string, data?: Uint8Array, opts?: { reply?: string }): void {
      if (closed) throw new Error("closed");
      published.push({ subject, data: data ?? new Uint8Array(0), reply: opts?.reply });
    },
    status: () => ({
      [Symbol.asyncIterator]: () => ({ next: () => closedP.then(() => ({ done: true as const, value: undefined })) }),
    }),
    closed: () => closedP,
    isClosed: () => closed,
    close: () => {
      closed = true;
      closedResolve();
      return Promise.resolve();
    },
    flush: () => Promise.resolve(),
  };
  return { nc: nc as unknown as NatsConnection, published, subscribed };
}
