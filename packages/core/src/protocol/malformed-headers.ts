import { isHeaderBlock, printable, type Frame } from "@nats-stack/wire";
import { ProtocolError } from "../errors";

// At most this many bytes of a bad block are quoted in the error.
const QUOTE = 32;

/**
 * Why a message's header block is not one (no `NATS/1.0` version line, or no empty line at its end), as a
 * `ProtocolError` to report; undefined for a message without headers or with a well-framed block.
 *
 * The server relays whatever block a publisher wrote, so a malformed one says nothing about the connection:
 * the client drops that one message (counted in `stats().droppedMsgs`) and reports this on `status()`
 * instead of closing the connection for every subscriber, which a strict parser would do. What the
 * framing check lets through is checked when `msg.headers` is read.
 */
export function headerBlockProblem(frame: Frame): ProtocolError | undefined {
  if (!frame.hasHeaders) return undefined;
  const h = frame.headers!;
  if (h.length === 0 || isHeaderBlock(h)) return undefined;
  return new ProtocolError(
    `dropped a message on '${frame.subject}' (sid ${frame.sid}): its header block does not start with NATS/1.0 and end with an empty line: '${printable(h, 0, h.length, QUOTE)}'`,
  );
}
