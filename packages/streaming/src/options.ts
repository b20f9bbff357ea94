/**
 * Options of `connect()`: node-nats-streaming's names and defaults, the NATS options it forwarded, and a
 * few of ours (marked). `sc.options` echoes them with the defaults filled in.
 */
import type { ConnectionOptions, NatsConnection, TlsOptions } from "@nats-stack/core";
import { StanError } from "./errors";
import { badOption, checkStanOptions, shown } from "./option-checks";
import { resolveAliases, type StanOptionAliases } from "./option-aliases";
import { DEFAULT_MAX_IN_FLIGHT } from "./subscription-options";

/** Options of `connect(clusterID, clientID, opts)`. */
export interface StanOptions extends StanOptionAliases {
  /** NATS server URL (default `nats://localhost:4222`). Alias: `uri`. */
  url?: string;
  /** NATS server URLs; take precedence over `url`. Alias: `urls`. */
  servers?: string | string[];
  /** Port on localhost, as node-nats-streaming's `port`. */
  port?: number;
  /** Milliseconds to wait for the ConnectResponse (default 2000). Used for the connect request only. */
  connectTimeout?: number;
  /** Milliseconds to wait for each PubAck (default 30000). */
  ackTimeout?: number;
  /** Subject prefix of the discovery request (default `_STAN.discover`). */
  discoverPrefix?: string;
  /** Most publishes awaiting their PubAck (default 16384); see `publish` for what happens past it. */
  maxPubAcksInflight?: number;
  /** `binary`: `msg.getData()` returns bytes; anything else (default `utf8`): text. */
  stanEncoding?: string;
  /** Unanswered STAN pings before the connection is declared lost (default 3). */
  stanMaxPingOut?: number;
  /** Milliseconds between STAN pings (default 5000; the server is told whole seconds, rounded up). */
  stanPingInterval?: number;
  /**
   * An existing @nats-stack/core connection to run on (it is not closed by `sc.close()`); on runtimes other
   * than Node, the one core's runtime entry made (in a browser, `wsconnect`). A nats@1 connection (what
   * node-nats-streaming's typings declare) is refused: see the README.
   */
  nc?: NatsConnection;

  // NATS options forwarded to @nats-stack/core's connect (as node-nats-streaming forwarded them to node-nats).
  /** Connection name the server shows. Alias: `client`. */
  name?: string;
  user?: string;
  /** Alias: `password`. */
  pass?: string;
  token?: string;
  /** nats@1's token callback, called at each handshake; not with `token`. */
  tokenHandler?: () => string;
  /** Public NKey of the user (`U…`), sent with the signature `nonceSigner` makes. Alias: `nkeys`. */
  nkey?: string;
  /**
   * nats@1's signer: signs the server's nonce (its UTF-8 bytes) with the user's NKey; returns the signature
   * (bytes, or text already encoded). May return a promise. Aliases: `sig`, `sigCB`, `sigCallback`, `sigcb`.
   */
  nonceSigner?: (nonce: Uint8Array) => Uint8Array | string | Promise<Uint8Array | string>;
  /** A user JWT, or a function returning one at each handshake. Aliases: `jwt`, `JWT`, `userjwt`. */
  userJWT?: string | (() => string);
  /**
   * Path of a `.creds` file (user JWT and NKey seed), read at each handshake, as nats@1. Needs a file system
   * (Node, Deno, Bun); elsewhere pass `natsOptions: { authenticator: credsAuthenticator(text) }`. Aliases:
   * `credentials`, `usercreds`.
   */
  userCreds?: string;
  maxPingOut?: number;
  /** Default -1 (forever), as node-nats-streaming. */
  maxReconnectAttempts?: number;
  /** Alias: `dontRandomize`, `NoRandomize`. */
  noRandomize?: boolean;
  pedantic?: boolean;
  pingInterval?: number;
  reconnect?: boolean;
  reconnectTimeWait?: number;
  /** TLS options, `true` for TLS with the defaults, `false` (or null) for none. Alias: `secure`. */
  tls?: TlsOptions | boolean | null;
  verbose?: boolean;
  /**
   * Keep retrying the first connection (every `reconnectTimeWait` ms, up to `maxReconnectAttempts` retries),
   * emitting `reconnecting` before each retry, as node-nats-streaming on nats@1 does.
   */
  waitOnFirstConnect?: boolean;
  /** node-nats' payload encoding; only `binary` is accepted (STAN payloads are protobuf). */
  encoding?: string;
  /** nats@1's old request style: accepted and ignored (requests here always share one inbox subscription). */
  useOldRequestStyle?: boolean;
  /** nats@1's read-loop yield time: accepted and ignored (the read loop here never blocks on user code). */
  yieldTime?: number;
  /** Any other @nats-stack/core option, passed through as is. */
  natsOptions?: ConnectionOptions;

  /**
   * Ours: milliseconds to wait for the reply to every other STAN request (subscribe, unsubscribe, close)
   * (default 5000). node-nats-streaming reused `connectTimeout` for all of them.
   */
  requestTimeout?: number;
  /**
   * Ours: after `connection_lost` (STAN pings unanswered, or the server saying the client was replaced),
   * re-open the STAN session on the same NATS connection instead of closing: a new ConnectRequest, durable
   * subscriptions re-created, non-durable ones resumed after the last sequence they delivered. Emits
   * `reconnected` when done. Default false (node-nats-streaming's behaviour: close).
   */
  recoverSession?: boolean;
  /** Ours: milliseconds between session recovery attempts (default 1000). */
  recoverSessionWait?: number;
  /** Ours: recovery attempts before giving up and closing; -1 (default) keeps trying until `close()`. */
  maxRecoverAttempts?: number;
}

/** {@link StanOptions} with every default applied. */
export interface ResolvedStanOptions extends StanOptions {
  url: string;
  connectTimeout: number;
  ackTimeout: number;
  discoverPrefix: string;
  maxPubAcksInflight: number;
  maxReconnectAttempts: number;
  stanEncoding: string;
  stanMaxPingOut: number;
  stanPingInterval: number;
  requestTimeout: number;
  recoverSession: boolean;
  recoverSessionWait: number;
  maxRecoverAttempts: number;
}

/** node-nats-streaming's default server. */
export const DEFAULT_URL = "nats://localhost:4222";
/** Prefix of the discovery subject (`<prefix>.<clusterID>`). */
export const DEFAULT_DISCOVER_PREFIX = "_STAN.discover";
/** Prefix of a connection's PubAck subject (`<prefix>.<nuid>`), as node-nats-streaming. */
export const DEFAULT_ACK_PREFIX = "_STAN.acks";
/** ms to wait for the ConnectResponse. */
export const DEFAULT_CONNECT_TIMEOUT = 2000;
/** ms to wait for a PubAck. */
export const DEFAULT_ACK_TIMEOUT = 30 * 1000;
/** Ours: ms to wait for the reply to any other STAN request. */
export const DEFAULT_REQUEST_TIMEOUT = 5000;
/** ms between STAN pings. */
export const DEFAULT_PING_INTERVAL = 5 * 1000;
/** Unanswered STAN pings before the connection is lost. */
export const DEFAULT_PING_MAX_OUT = 3;

/**
 * A URL given as the whole options argument, completed as node-nats-streaming's `sanitizeUrl` did, so that
 * `sc.options.url` reads the same: no scheme means `nats://`, no port means 4222 (`localhost:4333` becomes
 * `nats://localhost:4333`). One the URL parser refuses is kept as given, for core to judge with its error
 * (node-nats-streaming threw the parser's TypeError).
 */
function urlFromString(s: string): string {
  const withScheme = /^.*:\/\/.*/.test(s) ? s : `nats://${s}`;
  try {
    return new URL(withScheme).port === "" ? `${withScheme}:4222` : withScheme;
  } catch {
    return withScheme;
  }
}

/** node-nats-streaming's option parsing: a number is a port, a string a URL, an object the options. */
export function parseStanOptions(opts?: StanOptions | string | number): ResolvedStanOptions {
  let given: StanOptions = {};
  if (typeof opts === "number") given = { port: opts };
  else if (typeof opts === "string") given = { url: urlFromString(opts) };
  else if (typeof opts === "object" && opts !== null && !Array.isArray(opts)) given = resolveAliases(opts);
  else if (opts !== undefined && opts !== null) {
    // node-nats-streaming ignored these (a boolean, a Symbol, an array…) and connected with the defaults.
    throw badOption(`stan: options must be an object, a URL or a port, got ${shown(opts)}`);
  }
  // An option given as undefined is not given (node-nats-streaming's assignOption skipped it): it must not
  // replace the default below.
  for (const k of Object.keys(given) as Array<keyof StanOptions>) if (given[k] === undefined) delete given[k];
  checkStanOptions(given);
  if (given.encoding !== undefined && given.encoding !== "binary") throw StanError.of("BinaryEncodingRequired");
  // node-nats-streaming's check of a given nats@1 connection (they carry their payload `encoding`).
  const nc: unknown = given.nc;
  if (typeof nc === "object" && nc !== null && "encoding" in nc && nc.encoding !== "binary") throw StanError.of("BinaryEncodingRequired");
  const url = given.url ?? (given.port !== undefined ? `nats://localhost:${given.port}` : DEFAULT_URL);
  return {
    connectTimeout: DEFAULT_CONNECT_TIMEOUT,
    ackTimeout: DEFAULT_ACK_TIMEOUT,
    discoverPrefix: DEFAULT_DISCOVER_PREFIX,
    maxPubAcksInflight: DEFAULT_MAX_IN_FLIGHT,
    maxReconnectAttempts: -1,
    stanEncoding: "utf8",
    stanMaxPingOut: DEFAULT_PING_MAX_OUT,
    stanPingInterval: DEFAULT_PING_INTERVAL,
    requestTimeout: DEFAULT_REQUEST_TIMEOUT,
    recoverSession: false,
    recoverSessionWait: 1000,
    maxRecoverAttempts: -1,
    ...given,
    url,
  };
}
