import { decodeText, encodeText } from "./ascii";
import { WireError, WireErrorCode } from "./errors";
import { MIN_HEADER_BLOCK } from "./limits";
import { headerKeyProblem } from "./validate";

/** How a header key is looked up, as in nats.js: exactly, by canonical MIME form, or ignoring case. */
export const Match = {
  /** Case-sensitive. */
  Exact: "exact",
  /** Case-sensitive, after turning the key into its canonical MIME form (`content-type` → `Content-Type`). */
  CanonicalMIME: "canonical",
  /** Case-insensitive. */
  IgnoreCase: "insensitive",
} as const;
export type Match = (typeof Match)[keyof typeof Match];

/** The first line of every header block. */
export const HEADER_VERSION = "NATS/1.0";

/**
 * Returns the canonical MIME form of a header key (`nats-msg-id` → `Nats-Msg-Id`). Throws when the key has a
 * character that no header key may have.
 */
export function canonicalMIMEHeaderKey(k: string): string {
  const why = headerKeyProblem(k);
  if (why) throw new WireError(WireErrorCode.InvalidValue, `invalid header key ${JSON.stringify(k)}: ${why}`);
  return canonicalForm(k);
}

// The canonical form of a key already checked.
function canonicalForm(k: string): string {
  let out = "";
  let upper = true;
  for (let i = 0; i < k.length; i++) {
    let c = k.charCodeAt(i);
    if (upper && c >= 97 && c <= 122) c -= 32;
    else if (!upper && c >= 65 && c <= 90) c += 32;
    out += String.fromCharCode(c);
    upper = c === 45; /* - */
  }
  return out;
}

function badHeaders(reason: string): WireError {
  return new WireError(WireErrorCode.BadHeaders, `bad header block: ${reason}`);
}

function trimOws(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s.charCodeAt(a) === 32 || s.charCodeAt(a) === 9)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 32 || s.charCodeAt(b - 1) === 9)) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * Message headers: a `NATS/1.0` block with an optional status code and description and multi-valued keys
 * whose case is kept as given. Compatible with nats.js's `MsgHdrs`. Keys and values are validated when set,
 * so a header object can always be encoded.
 */
export class MsgHeaders implements Iterable<[string, string[]]> {
  protected declare _code: number;
  protected declare _description: string;
  /** Values by key, in insertion order. Keys keep the case they were given. */
  readonly headers: Map<string, string[]> = new Map();

  constructor(code = 0, description = "") {
    this._code = code;
    this._description = description;
  }

  /**
   * Reports an invalid key or value. Subclasses (the core client) override it to throw their own error
   * class; it must throw.
   */
  protected invalid(field: string, value: string, reason: string): never {
    throw new WireError(WireErrorCode.InvalidValue, `invalid ${field} ${JSON.stringify(value)}: ${reason}`);
  }

  /** Status code of the block, 0 when there is none. */
  get code(): number {
    return this._code;
  }
  /** Status description (`Request Timeout`), "" when there is none. */
  get description(): string {
    return this._description;
  }
  /** `"<code> <description>"`, trimmed. */
  get status(): string {
    return `${this._code} ${this._description}`.trim();
  }
  /** True when the status code is 300 or above. */
  get hasError(): boolean {
    return this._code >= 300;
  }

  [Symbol.iterator](): IterableIterator<[string, string[]]> {
    return this.headers.entries();
  }

  /** Number of distinct keys. */
  size(): number {
    return this.headers.size;
  }

  /** Every key, in insertion order. */
  keys(): string[] {
    return [...this.headers.keys()];
  }

  /** Keys stored that match `k` under `match`. */
  findKeys(k: string, match: Match = Match.Exact): string[] {
    if (match === Match.Exact) return this.headers.has(k) ? [k] : [];
    if (match === Match.CanonicalMIME) {
      const ck = this.#canonical(k);
      return this.headers.has(ck) ? [ck] : [];
    }
    const lk = k.toLowerCase();
    const out: string[] = [];
    for (const key of this.headers.keys()) if (key.toLowerCase() === lk) out.push(key);
    return out;
  }

  /** First value of the first matching key, "" when absent. */
  get(k: string, match: Match = Match.Exact): string {
    const keys = this.findKeys(k, match);
    return keys.length ? (this.headers.get(keys[0]!)![0] ?? "") : "";
  }

  /** Last value of the first matching key, "" when absent. */
  last(k: string, match: Match = Match.Exact): string {
    const keys = this.findKeys(k, match);
    if (!keys.length) return "";
    const v = this.headers.get(keys[0]!)!;
    return v[v.length - 1] ?? "";
  }

  /** True when a key matches. */
  has(k: string, match: Match = Match.Exact): boolean {
    return this.findKeys(k, match).length > 0;
  }

  /** Every value of every matching key. */
  values(k: string, match: Match = Match.Exact): string[] {
    const out: string[] = [];
    for (const key of this.findKeys(k, match)) out.push(...this.headers.get(key)!);
    return out;
  }

  /** Replaces the values of `k` by `v`. */
  set(k: string, v: string, match: Match = Match.Exact): void {
    const value = this.#checkValue(v);
    const key = this.#checkKey(k, match);
    // Replace in place when the key exists, so set() does not move it to the end of the block.
    for (const other of this.findKeys(key, match)) if (other !== key) this.headers.delete(other);
    this.headers.set(key, [value]);
  }

  /** Adds `v` to the values of `k` (the first matching key when `match` is not exact). */
  append(k: string, v: string, match: Match = Match.Exact): void {
    const value = this.#checkValue(v);
    const key = this.#checkKey(k, match);
    const existing = this.findKeys(key, match);
    const target = existing.length ? existing[0]! : key;
    const a = this.headers.get(target);
    if (a) a.push(value);
    else this.headers.set(target, [value]);
  }

  /** Removes every matching key. */
  delete(k: string, match: Match = Match.Exact): void {
    for (const key of this.findKeys(k, match)) this.headers.delete(key);
  }

  /** Plain object of every key and its values. */
  toRecord(): Record<string, string[]> {
    const r: Record<string, string[]> = {};
    for (const [k, v] of this.headers) r[k] = [...v];
    return r;
  }

  /** True when both have the same status code and the same values per key (order of values ignored). */
  equals(other: MsgHeaders): boolean {
    if (!other || other.headers.size !== this.headers.size || other._code !== this._code) return false;
    for (const [k, v] of this.headers) {
      const o = other.headers.get(k);
      if (!o || o.length !== v.length) return false;
      const a = [...v].sort();
      const b = [...o].sort();
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    }
    return true;
  }

  /** The header block as text, `NATS/1.0[ code[ description]]\r\n(key: value\r\n)*\r\n`. */
  toString(): string {
    let s = HEADER_VERSION;
    if (this._code > 0) {
      s += ` ${this._code}`;
      if (this._description) s += ` ${this._description}`;
    }
    s += "\r\n";
    for (const [k, vs] of this.headers) for (const v of vs) s += `${k}: ${v}\r\n`;
    return s + "\r\n";
  }

  /** The header block as bytes. */
  encode(): Uint8Array {
    return encodeText(this.toString());
  }

  #canonical(k: string): string {
    const why = headerKeyProblem(k);
    if (why) this.invalid("header key", k, why);
    return canonicalForm(k);
  }

  #checkKey(k: string, match: Match): string {
    if (typeof k !== "string") this.invalid("header key", String(k), "must be a string");
    if (match === Match.CanonicalMIME) return this.#canonical(k);
    const why = headerKeyProblem(k);
    if (why) this.invalid("header key", k, why);
    return k;
  }

  #checkValue(v: string): string {
    if (typeof v !== "string") this.invalid("header value", String(v), "must be a string");
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c === 13 || c === 10) this.invalid("header value", v, c === 13 ? "contains CR" : "contains LF");
    }
    // Leading and trailing blanks cannot survive a round trip (decoders trim them), so drop them now.
    return trimOws(v);
  }

  /**
   * Parses a header block. Strict: it must start with `NATS/1.0`, every line must end with CRLF, every header
   * line must be `key: value` with a valid key, and the block must end with an empty line (extra empty lines
   * at its very end are accepted, as by nats.js). A status code is
   * exactly three digits. Values are trimmed of surrounding blanks. Throws {@link WireError} with code
   * `NATS_ERR_BAD_HEADERS` otherwise.
   */
  static decode<T extends MsgHeaders>(this: new () => T, bytes: Uint8Array): T {
    const h = new this();
    decodeInto(h, bytes);
    return h;
  }

  /** Builds headers from a record of key to value(s). Keys and values are validated. */
  static fromRecord<T extends MsgHeaders>(this: new () => T, r: Record<string, string | string[]>): T {
    const h = new this();
    for (const k of Object.keys(r)) {
      const v = r[k]!;
      for (const one of Array.isArray(v) ? v : [String(v)]) h.append(k, one);
    }
    return h;
  }
}

// Kept outside the class so `decode` works for subclasses whose constructor takes no status.
function decodeInto(h: MsgHeaders, bytes: Uint8Array): void {
  // The framing, as the parser checks it on every frame: one message for its three ways to fail
  if (!isHeaderBlock(bytes)) throw badHeaders("must start with 'NATS/1.0' and end with an empty line (CRLF CRLF)");
  const text = decodeText(bytes, 0, bytes.length - 2);
  const lines = text.split("\r\n");
  lines.pop(); // the text ends with CRLF, so the last piece is empty
  // Extra empty lines at the very end (`NATS/1.0 503\r\n\r\n\r\n`, which nats.js's own tests build) end
  // the block too; an empty line followed by a header line is still refused below.
  while (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  // isHeaderBlock saw a blank or CR after the version; anything after a CR that does not end the line (a
  // bare CR) fails the status pattern below, which matches no CR.
  const status = trimOws(lines[0]!.slice(8));
  const internal = h as unknown as { _code: number; _description: string };
  if (status.length > 0) {
    const m = /^(\d{3})(?:[ \t]+(.*))?$/.exec(status);
    if (!m) throw badHeaders(`bad status '${status.slice(0, 64)}'`);
    internal._code = Number(m[1]);
    internal._description = m[2] ?? "";
  }
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length === 0) throw badHeaders("empty line before the end of the block");
    if (line.indexOf("\r") >= 0 || line.indexOf("\n") >= 0) throw badHeaders("bare CR or LF in a header line");
    const colon = line.indexOf(":");
    if (colon < 0) throw badHeaders(`header line without ':' '${line.slice(0, 64)}'`);
    const key = line.slice(0, colon);
    const why = headerKeyProblem(key);
    if (why) throw badHeaders(`header key '${key.slice(0, 64)}' ${why}`);
    const value = trimOws(line.slice(colon + 1));
    const a = h.headers.get(key);
    if (a) a.push(value);
    else h.headers.set(key, [value]);
  }
}

/** Decodes a header block into a new {@link MsgHeaders}. See {@link MsgHeaders.decode}. */
export function decodeHeaders(bytes: Uint8Array): MsgHeaders {
  return MsgHeaders.decode(bytes);
}

/** Encodes headers to their block. Raw bytes are returned as they are. */
export function encodeHeaders(h: MsgHeaders | Uint8Array): Uint8Array {
  return h instanceof Uint8Array ? h : h.encode();
}

/**
 * True when `b[s, e)` has the framing of a header block: at least `NATS/1.0\r\n\r\n`, starting with the
 * version `NATS/1.0` (followed by CR, or a blank before a status) and ending with an empty line. Cheap enough
 * for every frame; {@link MsgHeaders.decode} checks the rest.
 */
export function isHeaderBlock(b: Uint8Array, s = 0, e = b.length): boolean {
  const v = b[s + 8];
  return (
    e - s >= MIN_HEADER_BLOCK &&
    b[s] === 78 && b[s + 1] === 65 && b[s + 2] === 84 && b[s + 3] === 83 && // NATS
    b[s + 4] === 47 && b[s + 5] === 49 && b[s + 6] === 46 && b[s + 7] === 48 && // /1.0
    (v === 13 || v === 32 || v === 9) &&
    b[e - 4] === 13 && b[e - 3] === 10 && b[e - 2] === 13 && b[e - 1] === 10
  );
}

/**
 * Status code of a raw header block without decoding it: the three digits after `NATS/1.0 `, or 0 when
 * there are none. Cheap enough to call on every message (no-responders, heartbeats, flow control).
 */
export function headerStatusCode(bytes: Uint8Array): number {
  if (bytes.length < 12 || bytes[8] !== 32) return 0;
  const a = bytes[9]! - 48;
  const b = bytes[10]! - 48;
  const c = bytes[11]! - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return 0;
  const after = bytes[12];
  if (after !== 13 && after !== 32 && after !== 9) return 0;
  return a * 100 + b * 10 + c;
}
