import type { ServerInfo } from "@nats-stack/wire";
import type { ResolvedOptions } from "../connection/options";
import type { Status } from "../connection/status";
import { AuthorizationError, PermissionViolationError, UserAuthenticationExpiredError } from "../errors";
import type { InboxMux } from "../requests/inbox-mux";
import type { LameDuckMover } from "../resilience/lame-duck";
import type { ServerImpl, Servers } from "../resilience/servers";
import type { SubscriptionRegistry } from "../subscriptions/subscription-registry";
import type { Link } from "./link";
import { mapServerError, routePermissionError } from "./server-errors";

/** What the client's reactions to the server's INFO and -ERR change or report. */
export interface NoticeHost {
  readonly options: ResolvedOptions;
  readonly servers: Servers;
  readonly subs: SubscriptionRegistry;
  /** The current server's latest INFO. */
  info: ServerInfo | undefined;
  /** The server and text of the last authorization error (the reconnect loop stops after the same one twice). */
  lastAuthError: { server: ServerImpl; text: string } | undefined;
  /** The last -ERR that was not a permissions violation, and its link (what a close that follows it is for). */
  lastServerError: { link: Link; err: Error } | undefined;
  emit(s: Status): void;
}

/**
 * An INFO of the current link's server (the handshake's or a later one): cluster discovery and lame duck mode
 * (an `ldm` status, then the move to another server unless `lameDuckMove` is off). As nats.js, every INFO is
 * followed by an `update` status unless `ignoreClusterUpdates` is set, with empty `added` and `deleted` when
 * the pool did not change. An INFO without gossiped URLs leaves the pool as it is (nats.js would drop the
 * gossiped servers; a server with `no_advertise` sends none, and its cluster is still there).
 */
export function applyServerInfo(h: NoticeHost, info: ServerInfo, link: Link, lameDuck: LameDuckMover): void {
  h.info = info;
  if (!h.options.ignoreClusterUpdates) {
    const urls = h.servers.style === "websocket" ? info.ws_connect_urls : info.connect_urls;
    const changed = h.servers.update(urls);
    h.emit({ type: "update", added: changed.added, deleted: changed.deleted });
  }
  if (info.ldm) {
    link.server.lameDuck = true;
    h.emit({ type: "ldm", server: link.server.listen });
    if (h.options.lameDuckMove) lameDuck.schedule(link);
  }
}

/**
 * A `-ERR` after the handshake: reported as its typed error on `status()`; a permissions violation also
 * fails what it concerns (the connection stays up); any other is remembered with its link, since the server
 * closes the connection after it: the reconnect loop decides what follows an authorization error, and
 * without reconnects `closed()` resolves with the error (as nats.js's `lastError`).
 */
export function applyServerError(h: NoticeHost, text: string, link: Link, mux: InboxMux | undefined): void {
  const err = mapServerError(text);
  if (err instanceof PermissionViolationError) routePermissionError(err, h.subs, mux);
  h.emit({ type: "error", error: err });
  if (!(err instanceof PermissionViolationError)) h.lastServerError = { link, err };
  if (err instanceof AuthorizationError || err instanceof UserAuthenticationExpiredError) {
    h.lastAuthError = { server: link.server, text };
  }
}
