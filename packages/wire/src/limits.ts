/**
 * Default maximum length of a control line (the op and its arguments, CRLF excluded) for MSG, HMSG, PUB,
 * HPUB, SUB, UNSUB and -ERR. Matches nats-server's MAX_CONTROL_LINE_SIZE.
 */
export const MAX_CONTROL_LINE = 4096;

/** Default maximum length of an INFO or CONNECT line, whose JSON grows with the size of a cluster. */
export const MAX_JSON_LINE = 1024 * 1024;

/** Default maximum payload size (headers included) the parsers accept: nats-server's hard limit. */
export const MAX_PAYLOAD = 64 * 1024 * 1024;

/** Largest sid the codec accepts: sids are JavaScript numbers and must stay exact. */
export const MAX_SID = Number.MAX_SAFE_INTEGER;

/** Size of the shortest valid header block, `NATS/1.0\r\n\r\n`. */
export const MIN_HEADER_BLOCK = 12;

/** Options shared by both parsers. Every limit can also be changed later on the parser instance. */
export interface ParserOptions {
  /** Largest payload (headers included) accepted in MSG/HMSG/PUB/HPUB. Default {@link MAX_PAYLOAD}. */
  maxPayload?: number;
  /** Largest control line for every op but INFO and CONNECT. Default {@link MAX_CONTROL_LINE}. */
  maxControlLine?: number;
  /** Largest INFO or CONNECT line. Default {@link MAX_JSON_LINE}. */
  maxJsonLine?: number;
  /**
   * Check that every non-empty header block starts with the version line `NATS/1.0` and ends with an empty
   * line before the frame is handed to the sink, and refuse it with a `ProtocolError` (`NATS_ERR_BAD_HEADERS`)
   * otherwise, as the protocol requires. Default true for both parsers. A client that would rather drop
   * such a message than lose its connection (the server relays whatever block a publisher wrote, so one
   * sloppy publisher could otherwise break every subscriber's connection) turns it off and checks each
   * frame with `isHeaderBlock`, as `@nats-stack/core` does.
   */
  checkHeaderBlock?: boolean;
}
