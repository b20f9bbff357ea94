/** The server's answer to a JetStream publish: a `PubAck`, or an API error object. */
import type { Msg } from "@nats-stack/core";
import type { ApiError } from "../api/api-types";
import { apiErrorFor, JetStreamError } from "../api/errors";
import type { PubAck } from "../client/client-api";

const decoder = new TextDecoder();

interface RawPubAck {
  stream?: unknown;
  seq?: unknown;
  duplicate?: unknown;
  domain?: unknown;
  error?: ApiError;
}

/**
 * The acknowledgement in `m`, or the error it carries: the API error's class (`wrong last sequence: 2` is a
 * `JetStreamApiError` with code 10071), `invalid ack response` for an acknowledgement without a stream, and
 * a {@link JetStreamError} naming the problem for an answer that is not JSON.
 */
export function parsePubAck(m: Msg): PubAck | Error {
  let v: RawPubAck;
  try {
    v = JSON.parse(decoder.decode(m.data)) as RawPubAck;
  } catch (err) {
    return new JetStreamError(`invalid ack response: ${(err as Error).message}`, { cause: err });
  }
  if (v === null || typeof v !== "object") return new JetStreamError("invalid ack response");
  if (v.error) return apiErrorFor(v.error);
  if (typeof v.stream !== "string" || v.stream === "" || typeof v.seq !== "number") return new JetStreamError("invalid ack response");
  // Other fields the server adds (a batch's `count`, a counter's `val`) are kept, as nats.js keeps them.
  const pa = v as unknown as PubAck;
  pa.duplicate = v.duplicate === true;
  return pa;
}
