import { Match, MsgHeaders, canonicalMIMEHeaderKey as wireCanonical, encodeText } from "@nats-stack/wire";
import { InvalidArgumentError } from "../errors";

export { Match };

/** Message headers, as nats.js's `MsgHdrs`. */
export interface MsgHdrs extends Iterable<[string, string[]]> {
  hasError: boolean;
  status: string;
  code: number;
  description: string;
  get(k: string, match?: Match): string;
  set(k: string, v: string, match?: Match): void;
  append(k: string, v: string, match?: Match): void;
  has(k: string, match?: Match): boolean;
  keys(): string[];
  values(k: string, match?: Match): string[];
  delete(k: string, match?: Match): void;
  last(k: string, match?: Match): string;
}

/**
 * The header implementation of the wire package, reporting invalid keys and values as nats.js does, with
 * {@link InvalidArgumentError}.
 */
export class MsgHdrsImpl extends MsgHeaders implements MsgHdrs {
  protected override invalid(field: string, value: string, reason: string): never {
    throw invalidHeader(field, value, reason);
  }

  /** The block as text; `""` when there is nothing in it (no key, no status), as nats.js. */
  override toString(): string {
    return this.headers.size === 0 && this._code === 0 ? "" : super.toString();
  }

  /** The block as bytes: always a complete `NATS/1.0` block, even an empty one, so it can be framed. */
  override encode(): Uint8Array {
    return encodeText(super.toString());
  }
}

// nats.js's texts where nats.js refuses the same input (headers.js: `'<char>' is not a valid character in a
// header name`, `values cannot contain \r or \n`); ours for what only we refuse (an empty key, a non-string).
function invalidHeader(field: string, value: string, reason: string): InvalidArgumentError {
  if (field === "header key" && typeof value === "string") {
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c === 58 || c < 33 || c > 126) return InvalidArgumentError.format("header", `'${value[i]}' is not a valid character in a header name`);
    }
  }
  if (field === "header value" && typeof value === "string" && /[\r\n]/.test(value)) {
    return InvalidArgumentError.format("header", "values cannot contain \\r or \\n");
  }
  return InvalidArgumentError.format("header", `${field} ${JSON.stringify(value)} ${reason}`);
}

/**
 * Creates headers, optionally with a status code and description (both or neither, as in nats.js).
 */
export function headers(code = 0, description = ""): MsgHdrs {
  if (code === 0 && description !== "") throw InvalidArgumentError.format("code", "is required");
  if (code > 0 && description === "") throw InvalidArgumentError.format("description", "is required");
  // Ours (nats.js takes both as given): the status line is written as `NATS/1.0 <code> <description>`, so a
  // CR or LF in the description would end it and inject header lines of its own, and a code that is not a
  // 3-digit status (200.5, 1e10, a string, a Symbol) makes a line no NATS client reads back.
  if (code !== 0 || description !== "") {
    if (typeof code !== "number" || !Number.isInteger(code) || code < 100 || code > 999) {
      throw InvalidArgumentError.format("code", "must be an integer from 100 to 999");
    }
    if (typeof description !== "string") throw InvalidArgumentError.format("description", "must be a string");
    if (/[\r\n]/.test(description)) throw InvalidArgumentError.format("description", "cannot contain \\r or \\n");
  }
  return new MsgHdrsImpl(code, description);
}

/** Canonical MIME form of a header key (`nats-msg-id` → `Nats-Msg-Id`). */
export function canonicalMIMEHeaderKey(k: string): string {
  try {
    return wireCanonical(k);
  } catch (err) {
    throw invalidHeader("header key", k, (err as Error).message);
  }
}
