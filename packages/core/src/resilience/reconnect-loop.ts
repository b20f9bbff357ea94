import type { ServerInfo } from "@nats-stack/wire";
import { AuthorizationError, ConnectionError, UserAuthenticationExpiredError } from "../errors";
import type { ResolvedOptions } from "../connection/options";
import type { ServerImpl, Servers } from "./servers";
import type { Status } from "../connection/status";

/** What the reconnect loop needs from the client. */
export interface ReconnectHost {
  readonly options: ResolvedOptions;
  readonly servers: Servers;
  readonly info: ServerInfo | undefined;
  /** The server and text of the last authorization error, to stop after the same one twice. */
  lastAuthError: { server: ServerImpl; text: string } | undefined;
  isReconnecting(): boolean;
  openLink(server: ServerImpl): Promise<void>;
  close(err?: Error): Promise<void>;
  emit(s: Status): void;
  /** Waits, unless the client closes first. */
  sleep(ms: number): Promise<void>;
}

// Applies `reconnectToServer`: the handler may pick another server of the pool and ask for an extra wait.
async function pickServer(h: ReconnectHost, proposed: ServerImpl): Promise<ServerImpl | Error> {
  const handler = h.options.reconnectToServer;
  if (!handler) return proposed;
  const pick = handler(h.servers.snapshot(), h.info ?? null);
  if (!pick) return proposed;
  const withDelay = "server" in pick && typeof (pick as { delay?: unknown }).delay === "number";
  const target = withDelay ? (pick as { server: { listen: string } }).server : (pick as { listen: string });
  const found = h.servers.all().find((s) => s.listen === target.listen);
  if (!found) return new ConnectionError(`reconnectToServer returned a server not in the pool: ${target.listen}`);
  if (withDelay) {
    const ms = (pick as { delay: number }).delay;
    if (ms > 0) await h.sleep(ms);
  }
  return found;
}

/**
 * Tries the servers of the pool in rotation until one accepts, as nats.js does: a server is retried only
 * after `reconnectDelayHandler()` ms since its last attempt, dropped after `maxReconnectAttempts` failures
 * (-1: never), and the same authorization error twice on a server ends the connection (unless
 * `ignoreAuthErrorAbort`).
 */
export async function reconnectLoop(h: ReconnectHost): Promise<void> {
  const max = h.options.maxReconnectAttempts;
  while (h.isReconnecting()) {
    const next = h.servers.next();
    if (!next) {
      await h.close(new ConnectionError("no servers left to connect to"));
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
      if (err instanceof AuthorizationError || err instanceof UserAuthenticationExpiredError) {
        h.emit({ type: "error", error: err });
        const last = h.lastAuthError;
        if (last && last.server === server && last.text === err.message && !h.options.ignoreAuthErrorAbort) {
          await h.close(err);
          return;
        }
        h.lastAuthError = { server, text: err.message };
      }
      if (max !== -1 && server.reconnects >= max) h.servers.remove(server);
    }
  }
}
