import { ClosedConnectionError } from "../errors";
import type { Link } from "./link";

/**
 * `flush()` calls: each resolves when a PONG proves the server read everything written before it. A flush
 * made while disconnected, or whose PING was lost with its link, waits for the next link.
 */
export class FlushWaiters {
  #waiting: Array<(err?: Error) => void> = [];

  /** A flush over `link` (the connected link, or undefined while disconnected); `link()` finds the next one. */
  flush(link: () => Link | undefined, closed: () => boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        if (!err) resolve();
        else if (closed()) reject(new ClosedConnectionError());
        else this.#send(link(), done);
      };
      this.#send(link(), done);
    });
  }

  #send(link: Link | undefined, done: (err?: Error) => void): void {
    if (link) link.sendPing(done);
    else this.#waiting.push(done);
  }

  /** A link is connected: the flushes that waited send their PING there. */
  connected(link: Link): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const f of waiting) link.sendPing(f);
  }

  /** The connection closed: every waiting flush fails. */
  fail(err: Error): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const f of waiting) f(err);
  }
}
