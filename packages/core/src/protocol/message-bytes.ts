import type { ServerInfo } from "@nats-stack/wire";
import { InvalidArgumentError } from "../errors";
import { MsgHdrsImpl, type MsgHdrs } from "../messages/headers";
import { encodePayload } from "../messages/payload";
import type { Payload, PublishOptions } from "../messages/publish-options";

/** A message ready to be framed: its body, its encoded header block, and their total size. */
export interface MessageBytes {
  data: Uint8Array;
  headers: Uint8Array | undefined;
  size: number;
}

/**
 * Turns a payload and publish options into bytes, checking everything the server would refuse: the payload
 * type, headers made with `headers()` and supported by the server, and the size against `max_payload`.
 */
export function messageBytes(
  payload: Payload | undefined,
  opts: PublishOptions | undefined,
  headersEnabled: boolean,
  info: ServerInfo | undefined,
): MessageBytes {
  let hdrs: MsgHdrs | undefined;
  if (opts) {
    hdrs = opts.headers;
    if (opts.traceDestination !== undefined || opts.traceOnly !== undefined) {
      hdrs = hdrs ?? new MsgHdrsImpl();
      if (typeof opts.traceDestination === "string") hdrs.set("Nats-Trace-Dest", opts.traceDestination);
      if (opts.traceOnly === true) hdrs.set("Nats-Trace-Only", "true");
    }
  }
  const data = encodePayload(payload);
  let headers: Uint8Array | undefined;
  if (hdrs) {
    if (!headersEnabled) throw InvalidArgumentError.format("headers", "are disabled by the 'headers' option");
    if (info && info.headers === false) throw InvalidArgumentError.format("headers", "are not available on this server");
    if (!(hdrs instanceof MsgHdrsImpl)) throw InvalidArgumentError.format("headers", "must be made with headers()");
    headers = hdrs.encode();
  }
  const size = data.length + (headers ? headers.length : 0);
  const max = info?.max_payload;
  if (max !== undefined && size > max) throw InvalidArgumentError.format("payload", "max_payload size exceeded");
  return { data, headers, size };
}
