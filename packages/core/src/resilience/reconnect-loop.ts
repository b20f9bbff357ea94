import type { ServerInfo as WireServerInfo } from "@nats-stack/wire";
import type { ServerInfo } from "../connection/server-info";
import { AuthorizationError, ConnectionError, UserAuthenticationExpiredError } from "../errors";
import type { ResolvedOptions } from "../connection/options";
import type { ServerImpl, Servers } from "./servers";
import type { Status } from "../connection/status";

/** What the reconnect loop needs from the client. */
export interface ReconnectHost {
  readonly options: ResolvedOptions;
  readonly servers: Servers;
  readonly info: WireServerInfo | undefined;
  /** A connection was established once (attempts count only from then on). */
  readonly connectedOnce: boolean;
  /** The server and text of the last authorization error, to stop after the same one twice. */
  lastAuthError: { server: ServerImpl; text: string } | undefined;
  isReconnecting(): boolean;
  openLink(server: ServerImpl): Promise<void>;
  close(err?: Error): Promise<void>;
  emit(s: Status): void;
  /** Waits, unless the client closes first. */
  sleep(ms: number): Promise<void>;
}

// nats.js's texts (protocol.js): the failure is `${ERR_RECONNECT_HANDLER_FAILED}: <cause message>`.
const ERR_RECONNECT_HANDLER_FAILED = "client option reconnectToServer handler failed";
const ERR_RECONNECT_HANDLER_NOT_IN_POOL = "returned server is not in the pool";

/**
 * Applies `reconnectToServer` before a dial (the first connection included, as nats.js): the handler sees
 * the pool with `proposed` at index 0 and the last INFO (null before the first), and may pick another server
 * of the pool and ask for an extra wait. A handler that throws, or picks a server outside the pool, yields
 * the `ConnectionError` nats.js rejects `connect()` (or closes the connection) with; it never throws.
 */
export async function pickServer(h: Pick<ReconnectHost, "options" | "servers" | "info" | "sleep">, proposed: ServerImpl): Promise<ServerImpl | Error> {
  const handler = h.options.reconnectToServer;
  if (!handler) return proposed;
  let found: ServerImpl | undefined;
  let ms = 0;
  try {
    const pool = h.servers.all();
    const pick: unknown = handler([proposed, ...pool.filter((s) => s !== proposed)].map((s) => s.snapshot()), (h.info ?? null) as ServerInfo | null);
    const delayed = pick !== null && typeof pick === "object" && "server" in pick && "delay" in pick;
    const target = (delayed ? (pick as { server: unknown }).server : pick) as { listen?: unknown } | null | undefined;
    if (delayed) {
      const d = (pick as { delay: unknown }).delay;
      ms = typeof d === "number" && Number.isFinite(d) && d > 0 ? Math.floor(d) : 0;
    }
    if (target === null || target === undefined) found = proposed;
    else {
      found = pool.find((s) => s.listen === target.listen);
      if (!found) throw new Error(ERR_RECONNECT_HANDLER_NOT_IN_POOL);
    }
  } catch (cause) {
    const c = cause instanceof Error ? cause : new Error(String(cause));
    return new ConnectionError(`${ERR_RECONNECT_HANDLER_FAILED}: ${c.message}`, { cause: c });
  }
  if (ms > 0) await h.sleep(ms);
  return found;
}

/**
 * The first connection (without `waitOnFirstConnect`): each server of the pool once, in order, after
 * `reconnectToServer`, until one accepts; an authorization error or a failing handler ends the attempt.
 * Resolves undefined once connected, otherwise with the error `connect()` rejects with.
 */
export async function connectFirst(h: ReconnectHost): Promise<Error | undefined> {
  let lastErr: Error = new ConnectionError("connection refused");
  for (const proposed of [...h.servers.all()]) {
    const server = await pickServer(h, proposed);
    if (server instanceof Error) return server;
    try {
      await h.openLink(server);
      return undefined;
    } catch (err) {
      lastErr = err as Error;
      if (err instanceof AuthorizationError || err instanceof UserAuthenticationExpiredError) break;
    }
  }
  return lastErr;
}

/**
 * Tries the servers of the pool in rotation until one accepts, as nats.js does: a server is retried only
 * after `reconnectDelayHandler()` ms since its last attempt, dropped after `maxReconnectAttempts` failures
 * (-1: never), and the same authorization error twice on a server ends the connection (unless
 * `ignoreAuthErrorAbort`). Never rejects: a user option that throws (`reconnectDelayHandler`) closes the
 * connection with that error, as nats.js's dial loop does, instead of becoming an unhandled rejection.
 */
export async function reconnectLoop(h: ReconnectHost): Promise<void> {
  try {
    await loop(h);
  } catch (err) {
    await h.close(err instanceof Error ? err : new Error(String(err)));
  }
}

async function loop(h: ReconnectHost): Promise<void> {
  const max = h.options.maxReconnectAttempts;
  // What the connection closes with once the pool is empty: the last dial's error, as nats.js's dial loop
  // (a program that logs `await nc.closed()` sees "connection refused", not a text of ours).
  let lastErr: Error | undefined;
  while (h.isReconnecting()) {
    const next = h.servers.next();
    if (!next) {
      await h.close(lastErr ?? new ConnectionError("connection refused"));
      return;
    }
    const server = await pickServer(h, next);
    if (server instanceof Error) {
      await h.close(server);
      return;
    }
    const since = Date.now() - server.lastConnect;
    const wait = h.options.reconnectDelayHandler();
    if (server.lastConnect > 0 && since < wait) await h.sleep(wait - since);
    if (!h.isReconnecting()) return;
    h.emit({ type: "reconnecting" });
    server.reconnects++;
    h.servers.setCurrent(server);
    try {
      await h.openLink(server);
      return;
    } catch (err) {
      if (!h.isReconnecting()) return;
      lastErr = err instanceof Error ? err : new ConnectionError(String(err));
      if (err instanceof AuthorizationError || err instanceof UserAuthenticationExpiredError) {
        h.emit({ type: "error", error: err });
        const last = h.lastAuthError;
        if (last && last.server === server && last.text === err.message && !h.options.ignoreAuthErrorAbort) {
          await h.close(err);
          return;
        }
        h.lastAuthError = { server, text: err.message };
      }
      // Before the first connection (waitOnFirstConnect) attempts are not counted, as in nats.js: the
      // client keeps trying until a server comes.
      if (!h.connectedOnce) continue;
      if (max !== -1 && server.reconnects >= max) h.servers.remove(server);
    }
  }
}
