import { delay } from "../deferred";
import type { Link } from "../protocol/link";
import type { ResolvedOptions } from "../connection/options";
import type { ServerImpl, Servers } from "./servers";

/** What moving away from a server in lame duck mode needs from the client. */
export interface MoveHost {
  readonly options: ResolvedOptions;
  readonly servers: Servers;
  /** The link every write goes to now. */
  current(): Link | undefined;
  isConnected(): boolean;
  /** A new, not yet opened, link to `server`. */
  newLink(server: ServerImpl): Link;
  /** Writes a SUB (and UNSUB max) for every live subscription. */
  writeSubs(link: Link): void;
  /** Makes `link` the current one. */
  switchTo(link: Link): void;
  /** Stops using `old` for writes (before the switch). */
  detach(old: Link): void;
}

/**
 * Make before break: connect to another server and subscribe there, switch publishing over, then let the old
 * server acknowledge everything it got before closing it. Nothing published is lost; a message published
 * during the switch may reach a subscriber through both servers. Gives up quietly (the server will close the
 * connection in time and the normal reconnect takes over) when no other server accepts.
 */
export async function moveAway(h: MoveHost, old: Link): Promise<void> {
  const still = () => h.current() === old && h.isConnected();
  for (let tries = 0; tries < h.servers.length; tries++) {
    if (!still()) return;
    const target = h.servers.next();
    if (!target || target === old.server || target.lameDuck) return;
    target.lastConnect = Date.now();
    const fresh = h.newLink(target);
    try {
      await fresh.open();
    } catch {
      h.servers.setCurrent(target);
      continue;
    }
    if (!still()) {
      fresh.close();
      return;
    }
    h.writeSubs(fresh);
    const subscribed = new Promise<void>((resolve) => fresh.sendPing(() => resolve()));
    fresh.flush();
    await subscribed;
    if (!still()) {
      fresh.close();
      return;
    }
    h.detach(old);
    h.switchTo(fresh);
    const acked = new Promise<void>((resolve) => old.sendPing(() => resolve()));
    old.flush();
    const giveUp = delay(h.options.timeout);
    await Promise.race([acked, giveUp]);
    giveUp.cancel();
    old.close();
    return;
  }
}

/**
 * Moves once per lame duck announcement, after a random wait up to `lameDuckMoveDelay` ms (so a fleet of
 * clients does not move at once).
 */
export class LameDuckMover {
  #moving = false;
  readonly #host: MoveHost;

  constructor(host: MoveHost) {
    this.#host = host;
  }

  /** The server of `link` announced lame duck mode. */
  schedule(link: Link): void {
    if (this.#moving) return;
    this.#moving = true;
    const wait = Math.floor(Math.random() * (this.#host.options.lameDuckMoveDelay + 1));
    setTimeout(() => {
      void moveAway(this.#host, link).finally(() => (this.#moving = false));
    }, wait);
  }
}
