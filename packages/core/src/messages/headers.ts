import { Match, MsgHeaders, canonicalMIMEHeaderKey as wireCanonical } from "@nats-stack/wire";
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
    throw InvalidArgumentError.format("header", `${field} ${JSON.stringify(value)} ${reason}`);
  }
}

/**
 * Creates headers, optionally with a status code and description (both or neither, as in nats.js).
 */
export function headers(code = 0, description = ""): MsgHdrs {
  if (code === 0 && description !== "") throw InvalidArgumentError.format("code", "is required");
  if (code > 0 && description === "") throw InvalidArgumentError.format("description", "is required");
  return new MsgHdrsImpl(code, description);
}

/** Canonical MIME form of a header key (`nats-msg-id` → `Nats-Msg-Id`). */
export function canonicalMIMEHeaderKey(k: string): string {
  try {
    return wireCanonical(k);
  } catch (err) {
    throw InvalidArgumentError.format("header", (err as Error).message, { cause: err });
  }
}
