import { InvalidArgumentError } from "../errors";
import type { ServerScheme, UrlStyle } from "../transports/transport";
import { isIPAddress, isIPv6 } from "./ip-address";

/** Default NATS port. */
export const DEFAULT_PORT = 4222;
/** Host used for a server given as a bare port, and when no server is given. */
export const DEFAULT_HOST = "127.0.0.1";

/** A server of the pool, as nats.js's `Server`. */
export interface Server {
  readonly hostname: string;
  readonly port: number;
  /** `host:port` (IPv6 hosts in brackets). */
  readonly listen: string;
  /** The string it was made from. */
  readonly src: string;
  /** Name to verify the certificate against when connecting by IP to a server learned by gossip. */
  readonly tlsName: string;
  readonly reconnects: number;
  readonly lastConnect: number;
  /** Learned from the cluster (INFO `connect_urls`), not given by the user. */
  readonly gossiped: boolean;
  readonly didConnect: boolean;
}

/** A parsed server address. */
export interface HostPort {
  hostname: string;
  port: number;
  listen: string;
  /** TLS from the start: `tls://` or `wss://`. */
  tls: boolean;
  /** The scheme, defaults applied (`nats` for TCP, `wss` for WebSocket URLs without one). */
  scheme: ServerScheme;
  /** Path and query of a WebSocket URL (`/nats?x=1`), "" when none. */
  path: string;
  user?: string;
  pass?: string;
}

/**
 * A percent-decoded user, password or token of a server URL. A malformed escape (`%ZZ`) is the user's input,
 * so it is an InvalidArgumentError, not the URIError decodeURIComponent throws; the message leaves the
 * credentials out.
 */
function decodeCredential(part: string, bad: (why: string) => Error): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw bad("credentials in a server URL have a malformed percent escape");
  }
}

// An IPv6 address may carry a zone (`fe80::1%eth0`, `%25eth0` in a URL): the address is what precedes it.
function withoutZone(h: string): string {
  const pct = h.indexOf("%");
  return pct < 0 ? h : h.slice(0, pct);
}

/**
 * Parses `nats://host:port`, `tls://host:port`, `ws://host:port/path`, `wss://…`, `host:port`, `host`, a bare
 * port (`4222`, meaning 127.0.0.1), `[::1]:4222`, with optional `user:pass@` or `token@`. With `style`
 * "websocket" (as nats.js's `wsconnect`): no scheme means `defaultScheme` (`wss`), `nats://` means `ws://`
 * and `tls://` means `wss://`; ports default to 80 and 443. Throws InvalidArgumentError otherwise.
 */
export function parseHostPort(src: string, style: UrlStyle = "tcp", defaultScheme: ServerScheme = style === "tcp" ? "nats" : "wss"): HostPort {
  const bad = (why: string) => InvalidArgumentError.format("servers", why);
  if (typeof src !== "string" || src.trim() === "") throw bad("entries must be non-empty strings");
  // [scheme://][user[:pass]@]host[:port][path], the path from the first '/', '?' or '#' on.
  const [, given, authority, rest] = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/?#]*)([^]*)$/.exec(src.trim())!;
  // The URL as error messages show it: credentials (`user:pass@`, `token@`) replaced by `***@`
  const at = authority!.lastIndexOf("@");
  const shown = at < 0 ? src : src.replace(authority!.slice(0, at + 1), "***@");
  let scheme = defaultScheme;
  if (given !== undefined) {
    const g = given.toLowerCase();
    if (g !== "nats" && g !== "tls" && g !== "ws" && g !== "wss") throw bad(`scheme '${g}' is not supported in '${shown}'`);
    scheme = style === "websocket" && g === "nats" ? "ws" : style === "websocket" && g === "tls" ? "wss" : g;
  }
  let path = rest!;
  // A TCP connection has no path: nats.js and nats.go parse the entry as a URL and ignore what follows the
  // port (`localhost:2342/foo` dials port 2342, `nats://h:4222/` is common), so it is ignored here too.
  if (path[0] === "#" || /^\/*$/.test(path) || (scheme !== "ws" && scheme !== "wss")) path = "";
  else if (path[0] === "?") path = `/${path}`;
  const [user, ...pass] = at >= 0 ? authority!.slice(0, at).split(":").map((part) => decodeCredential(part, bad)) : [];
  let s = authority!.slice(at + 1);
  // Whitespace, control characters and lone surrogates name no host (a NUL or an unpaired surrogate
  // would reach the resolver, which fails late with a ConnectionError or resolves U+FFFD instead)
  if (/[\s\x00-\x1f\x7f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)) throw bad(`'${JSON.stringify(shown).slice(1, -1)}' is not a host:port`);
  let hostname = s;
  let portText: string | undefined;
  if (/^\d+$/.test(s)) {
    hostname = DEFAULT_HOST;
    portText = s;
  } else if (s[0] === "[") {
    const close = s.indexOf("]");
    if (close < 0) throw bad(`'${shown}' has an unclosed '['`);
    hostname = s.slice(1, close);
    if (!isIPv6(withoutZone(hostname))) throw bad(`'${shown}' has '[${hostname}]', which is not an IPv6 address`);
    s = s.slice(close + 1);
    if (s && s[0] !== ":") throw bad(`'${shown}' is not a host:port`);
    if (s) portText = s.slice(1);
  } else if (s.split(":").length < 3) {
    // host[:port]; more colons make a bare IPv6 address
    [hostname, portText] = s.split(":") as [string, string?];
  } else if (!isIPv6(withoutZone(s))) {
    // `h:1:2`, `u:p@h:1:2`, `h::1`: no IPv6 address, so no host to dial (it used to be dialled as one and
    // failed late with a ConnectionError; nats.js fails with a TypeError "Invalid URL")
    throw bad(`'${shown}' is not a host:port (more than one ':', and not an IPv6 address: write one as [::1]:4222)`);
  }
  hostname = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(hostname!)?.[1] ?? hostname!;
  if (!hostname) throw bad(`'${shown}' has no host`);
  let port = scheme === "ws" ? 80 : scheme === "wss" ? 443 : DEFAULT_PORT;
  if (portText !== undefined) {
    // 1-65535: port 0 is no port to dial (README: "a port that is not 1-65535" is refused)
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535 || Number(portText) < 1) throw bad(`'${shown}' has an invalid port`);
    port = Number(portText);
  }
  const hp: HostPort = { hostname, port, listen: hostname.includes(":") ? `[${hostname}]:${port}` : `${hostname}:${port}`, tls: scheme === "tls" || scheme === "wss", scheme, path };
  if (user !== undefined) hp.user = user;
  if (pass.length) hp.pass = pass.join(":");
  return hp;
}

/** True when any of the configured servers is a WebSocket URL (`ws://`, `wss://`), as nats.js's. */
export function hasWsProtocol(opts?: { servers?: string | string[] }): boolean {
  const s = opts?.servers;
  const list = typeof s === "string" ? [s] : Array.isArray(s) ? s : [];
  return list.some((u) => typeof u === "string" && /^wss?:\/\//i.test(u.trim()));
}

/** True when `h` is an IPv4 or IPv6 literal (exactly: `256.0.0.1` is not one), as nats.js's `isIP`. */
export { isIPAddress as isIP };

/** A server of the pool, with its connection history. */
export class ServerImpl implements Server {
  declare readonly hostname: string;
  declare readonly port: number;
  declare readonly listen: string;
  declare readonly src: string;
  declare readonly url: HostPort;
  tlsName = "";
  reconnects = 0;
  lastConnect = 0;
  declare gossiped: boolean;
  didConnect = false;
  /** The server announced lame duck mode: avoid it while others are available. */
  lameDuck = false;

  constructor(src: string, gossiped = false, style: UrlStyle = "tcp", defaultScheme?: ServerScheme) {
    this.src = src;
    this.url = parseHostPort(src, style, defaultScheme);
    this.hostname = this.url.hostname;
    this.port = this.url.port;
    this.listen = this.url.listen;
    this.gossiped = gossiped;
  }

  toString(): string {
    return this.listen;
  }

  /** A frozen copy for users. */
  snapshot(): Server {
    return Object.freeze({
      hostname: this.hostname,
      port: this.port,
      listen: this.listen,
      src: this.src,
      tlsName: this.tlsName,
      reconnects: this.reconnects,
      lastConnect: this.lastConnect,
      gossiped: this.gossiped,
      didConnect: this.didConnect,
    });
  }
}

function shuffle<T>(a: T[]): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** The changes an INFO made to the pool. */
export interface ServersChanged {
  readonly added: string[];
  readonly deleted: string[];
}

/**
 * The server pool: the user's servers (shuffled unless `noRandomize`) plus those the cluster announces.
 * Reconnects go round-robin from the server after the current one.
 */
export class Servers {
  #servers: ServerImpl[] = [];
  #current: ServerImpl | undefined;
  readonly #randomize: boolean;
  #tlsName = "";
  /** How URLs read: TCP, or WebSocket (no scheme means `wss`; gossip comes from `ws_connect_urls`). */
  declare readonly style: UrlStyle;

  constructor(list: string[], randomize: boolean, style: UrlStyle = "tcp") {
    this.#randomize = randomize;
    this.style = style;
    this.setServers(list);
  }

  /** Replaces the user's servers; those already known keep their history. */
  setServers(list: string[]): void {
    if (!Array.isArray(list) || list.length === 0) throw InvalidArgumentError.format("servers", "cannot be empty");
    const known = new Map(this.#servers.map((s) => [s.listen, s]));
    const merged: ServerImpl[] = [];
    const seen = new Set<string>();
    for (const src of list) {
      const s = new ServerImpl(src, false, this.style);
      if (seen.has(s.listen)) continue;
      seen.add(s.listen);
      const old = known.get(s.listen);
      if (old) old.gossiped = false;
      merged.push(old ?? s);
    }
    if (this.#randomize) shuffle(merged);
    this.#servers = merged;
    if (!this.#current || !merged.includes(this.#current)) this.#current = undefined;
  }

  /** Every server, in rotation order. */
  all(): ServerImpl[] {
    return this.#servers;
  }

  get length(): number {
    return this.#servers.length;
  }

  getCurrent(): ServerImpl | undefined {
    return this.#current;
  }

  setCurrent(s: ServerImpl): void {
    this.#current = s;
  }

  /**
   * The next server to try: the one after the current in rotation, skipping servers in lame duck mode while
   * any other is available. Undefined when the pool is empty.
   */
  next(): ServerImpl | undefined {
    const n = this.#servers.length;
    if (n === 0) return undefined;
    const start = this.#current ? this.#servers.indexOf(this.#current) + 1 : 0;
    let fallback: ServerImpl | undefined;
    for (let k = 0; k < n; k++) {
      const s = this.#servers[(start + k) % n]!;
      if (s.lameDuck) {
        fallback ??= s;
        continue;
      }
      return s;
    }
    return fallback;
  }

  /** Removes a server (after too many failed attempts). */
  remove(s: ServerImpl): void {
    const i = this.#servers.indexOf(s);
    if (i >= 0) this.#servers.splice(i, 1);
    if (this.#current === s) this.#current = undefined;
  }

  /** Remembers the host name to verify certificates of gossiped IPs against. */
  updateTlsName(): void {
    const c = this.#current;
    if (c && !isIPAddress(c.hostname)) {
      this.#tlsName = c.hostname;
      for (const s of this.#servers) if (s.gossiped) s.tlsName = this.#tlsName;
    }
  }

  /**
   * Applies the cluster's announced URLs (INFO `connect_urls`, or `ws_connect_urls` for WebSocket pools):
   * adds new servers, drops gossiped ones no longer announced. An announced WebSocket URL without a scheme
   * takes the current server's (`ws` or `wss`), as nats.js does.
   */
  update(connectUrls: string[] | undefined): ServersChanged {
    const added: string[] = [];
    const deleted: string[] = [];
    if (!connectUrls) return { added, deleted };
    const announced = new Map<string, string>();
    const scheme = this.style === "websocket" ? this.#current?.url.scheme : undefined;
    for (const u of connectUrls) {
      try {
        announced.set(parseHostPort(u, this.style, scheme).listen, u);
      } catch {
        // A server announcing an address we cannot parse is ignored rather than breaking the connection.
      }
    }
    this.#servers = this.#servers.filter((s) => {
      if (s.gossiped && s !== this.#current && !announced.has(s.listen)) {
        deleted.push(s.listen);
        return false;
      }
      announced.delete(s.listen);
      return true;
    });
    for (const [listen, u] of announced) {
      const s = new ServerImpl(u, true, this.style, scheme);
      if (isIPAddress(s.hostname)) s.tlsName = this.#tlsName;
      this.#servers.push(s);
      added.push(listen);
    }
    if (this.#randomize && added.length) {
      const cur = this.#current;
      const others = shuffle(this.#servers.filter((s) => s !== cur));
      this.#servers = cur ? [cur, ...others] : others;
    }
    return { added, deleted };
  }

  snapshot(): Server[] {
    return this.#servers.map((s) => s.snapshot());
  }
}
