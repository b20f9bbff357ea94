import type { Authenticator } from "../auth/auth-types";
import { authenticatorList, multiAuthenticator, noAuthFn } from "../auth/multi-authenticator";
import { InvalidArgumentError } from "../errors";
import { MAX_TIMER_DELAY } from "../deferred";
import { checkInboxPrefix } from "../requests/inbox";
import { DEFAULT_HOST, DEFAULT_PORT, type Server } from "../resilience/servers";
import type { ServerInfo } from "./server-info";
import type { TlsOptions } from "../transports/transport";

export const DEFAULT_MAX_RECONNECT_ATTEMPTS = 10;
export const DEFAULT_JITTER = 100;
export const DEFAULT_JITTER_TLS = 1000;
export const DEFAULT_PING_INTERVAL = 2 * 60 * 1000;
export const DEFAULT_MAX_PING_OUT = 2;
export const DEFAULT_RECONNECT_TIME_WAIT = 2 * 1000;
export const DEFAULT_TIMEOUT = 20 * 1000;
/** Byte budget of publishes kept while disconnected, as the Go client's ReconnectBufSize. */
export const DEFAULT_RECONNECT_BUF_SIZE = 8 * 1024 * 1024;
/** Longest random wait before leaving a server in lame duck mode. */
export const DEFAULT_LAME_DUCK_MOVE_DELAY = 1000;

/** Picks the server of each connection attempt; as nats.js's `ReconnectToServerHandler`. */
export type ReconnectToServerHandler = (
  pool: ReadonlyArray<Server>,
  info: ServerInfo | null,
) => Server | { server: Server; delay: number } | null;

/**
 * Connection options: nats.js v3's `ConnectionOptions`, names and defaults kept, plus a few of ours (marked).
 */
export interface ConnectionOptions {
  authenticator?: Authenticator | Authenticator[];
  /** Print the protocol exchanged to the console. */
  debug?: boolean;
  maxPingOut?: number;
  maxReconnectAttempts?: number;
  name?: string;
  noEcho?: boolean;
  noRandomize?: boolean;
  pass?: string;
  pedantic?: boolean;
  pingInterval?: number;
  port?: number;
  reconnect?: boolean;
  reconnectDelayHandler?: () => number;
  reconnectJitter?: number;
  reconnectJitterTLS?: number;
  reconnectTimeWait?: number;
  servers?: Array<string> | string;
  timeout?: number;
  tls?: TlsOptions | null;
  token?: string;
  user?: string;
  verbose?: boolean;
  waitOnFirstConnect?: boolean;
  ignoreClusterUpdates?: boolean;
  inboxPrefix?: string;
  ignoreAuthErrorAbort?: boolean;
  noAsyncTraces?: boolean;
  resolve?: boolean;
  reconnectToServer?: ReconnectToServerHandler;
  /** Ask the server for no-responders status messages (default true). */
  noResponders?: boolean;
  /** Enable message headers (default true). */
  headers?: boolean;
  /** Ours: bytes of publishes kept while disconnected (default 8 MiB). Past it, publish throws. */
  reconnectBufSize?: number;
  /**
   * Ours: after a reconnect, send again the publishes the lost server had not acknowledged (default true).
   * Nothing written is then lost, but a message the old server did process just before dying can arrive
   * twice. Set false for strict at-most-once.
   */
  resendUnacked?: boolean;
  /** Ours: move to another server when the current one enters lame duck mode (default true). */
  lameDuckMove?: boolean;
  /** Ours: longest random wait (ms) before that move, so a fleet does not move at once (default 1000). */
  lameDuckMoveDelay?: number;
}

/** Options with every default applied. */
export interface ResolvedOptions extends ConnectionOptions {
  servers: string[];
  maxPingOut: number;
  maxReconnectAttempts: number;
  noRandomize: boolean;
  pedantic: boolean;
  pingInterval: number;
  reconnect: boolean;
  reconnectJitter: number;
  reconnectJitterTLS: number;
  reconnectTimeWait: number;
  timeout: number;
  verbose: boolean;
  waitOnFirstConnect: boolean;
  ignoreClusterUpdates: boolean;
  ignoreAuthErrorAbort: boolean;
  noEcho: boolean;
  inboxPrefix: string;
  noResponders: boolean;
  headers: boolean;
  reconnectBufSize: number;
  resendUnacked: boolean;
  lameDuckMove: boolean;
  lameDuckMoveDelay: number;
  authenticator: Authenticator;
  reconnectDelayHandler: () => number;
}

/**
 * Every number and boolean option, in the order they are checked: a boolean's default, or a number's
 * default, the least value accepted and, for the delays of timers, the greatest (a `timeout: Infinity`
 * would otherwise time the connection out at once, a `pingInterval: 2 ** 31` ping every millisecond).
 * `parseOptions` applies them; nats.js's `defaultOptions()` holds the same values.
 */
const SCALARS: Record<string, boolean | [number, number, number?]> = {
  maxPingOut: [DEFAULT_MAX_PING_OUT, 1],
  maxReconnectAttempts: [DEFAULT_MAX_RECONNECT_ATTEMPTS, -1],
  noRandomize: false,
  pedantic: false,
  pingInterval: [DEFAULT_PING_INTERVAL, 0, MAX_TIMER_DELAY],
  reconnect: true,
  reconnectJitter: [DEFAULT_JITTER, 0, MAX_TIMER_DELAY],
  reconnectJitterTLS: [DEFAULT_JITTER_TLS, 0, MAX_TIMER_DELAY],
  reconnectTimeWait: [DEFAULT_RECONNECT_TIME_WAIT, 0, MAX_TIMER_DELAY],
  timeout: [DEFAULT_TIMEOUT, 1, MAX_TIMER_DELAY],
  verbose: false,
  waitOnFirstConnect: false,
  ignoreClusterUpdates: false,
  ignoreAuthErrorAbort: false,
  noEcho: false,
  noResponders: true,
  headers: true,
  reconnectBufSize: [DEFAULT_RECONNECT_BUF_SIZE, 0],
  resendUnacked: true,
  lameDuckMove: true,
  lameDuckMoveDelay: [DEFAULT_LAME_DUCK_MOVE_DELAY, 0, MAX_TIMER_DELAY],
};

/** Options of other types, checked when given (null counts as not given, except for the functions). */
const TYPED: Array<[keyof ConnectionOptions, string]> = [
  ["name", "string"],
  ["user", "string"],
  ["pass", "string"],
  ["token", "string"],
  ["inboxPrefix", "string"],
  ["reconnectDelayHandler", "function"],
  ["reconnectToServer", "function"],
  ["tls", "object"],
];

/**
 * The auth options as the one authenticator the connection calls, merged as `buildAuthenticator` merges
 * them: the `authenticator` option's functions, then `token`, then `user`/`pass`, a later source winning on
 * a shared field. The options are strings here (checked first), so the authenticator factories, which also
 * take functions, are not needed: an app that makes none carries none.
 */
function optionsAuthenticator(o: ConnectionOptions): Authenticator {
  const list = authenticatorList(o.authenticator);
  const { token, user, pass } = o;
  if (token) list.push(() => ({ auth_token: token }));
  if (user) list.push(() => ({ user, pass }));
  return list.length ? multiAuthenticator(list) : noAuthFn();
}

/** Applies nats.js's defaults (and ours) and checks every option's type. */
export function parseOptions(opts: ConnectionOptions = {}): ResolvedOptions {
  if (typeof opts !== "object" || opts === null) throw InvalidArgumentError.format("options", "must be an object");
  let servers: string[];
  if (opts.servers === undefined || opts.servers === null) servers = [];
  else if (typeof opts.servers === "string") servers = [opts.servers];
  else if (Array.isArray(opts.servers)) servers = [...opts.servers];
  else throw InvalidArgumentError.format("servers", "must be a string or an array of strings");
  if (servers.length > 0 && opts.port) throw InvalidArgumentError.format(["servers", "port"], "are mutually exclusive");
  if (servers.length === 0) servers = [`${DEFAULT_HOST}:${opts.port ?? DEFAULT_PORT}`];
  for (const [k, type] of TYPED) {
    const v = opts[k];
    if ((v === null && type !== "function") || v === undefined || typeof v === type) continue;
    throw InvalidArgumentError.format(k, type === "object" ? "must be an object or null" : `must be a ${type}`);
  }
  const r = { ...opts, servers } as ResolvedOptions & Record<string, unknown>;
  for (const k in SCALARS) {
    const d = SCALARS[k]!;
    const v = (opts as Record<string, unknown>)[k];
    if (v === undefined || v === null) r[k] = typeof d === "boolean" ? d : d[0];
    else if (typeof d === "boolean" ? typeof v === "boolean" : typeof v === "number" && !Number.isNaN(v) && v >= d[1] && !(v > d[2]!)) r[k] = v;
    else if (typeof d === "boolean") throw InvalidArgumentError.format(k, "must be a boolean");
    else if (typeof v === "number" && v > d[2]!) throw InvalidArgumentError.format(k, `must be a number <= ${d[2]} (the longest delay of a timer)`);
    else throw InvalidArgumentError.format(k, `must be a number >= ${d[1]}`);
  }
  r.inboxPrefix = checkInboxPrefix(opts.inboxPrefix);
  r.authenticator = optionsAuthenticator(opts);
  r.reconnectDelayHandler =
    opts.reconnectDelayHandler ??
    (() => {
      const extra = r.tls ? r.reconnectJitterTLS : r.reconnectJitter;
      return r.reconnectTimeWait + (extra ? Math.floor(Math.random() * (extra + 1)) : 0);
    });
  return r;
}

/** nats.js's `defaultOptions()`. */
export function defaultOptions(): ConnectionOptions {
  return {
    maxPingOut: DEFAULT_MAX_PING_OUT,
    maxReconnectAttempts: DEFAULT_MAX_RECONNECT_ATTEMPTS,
    noRandomize: false,
    pedantic: false,
    pingInterval: DEFAULT_PING_INTERVAL,
    reconnect: true,
    reconnectJitter: DEFAULT_JITTER,
    reconnectJitterTLS: DEFAULT_JITTER_TLS,
    reconnectTimeWait: DEFAULT_RECONNECT_TIME_WAIT,
    tls: undefined,
    verbose: false,
    waitOnFirstConnect: false,
    ignoreAuthErrorAbort: false,
  };
}
