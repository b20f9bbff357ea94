/**
 * Where an ordered consumer is in its stream: the delivery sequence of the last message taken, checked for
 * every message (a skipped one recreates the consumer), and that message's stream sequence, where a recreated
 * consumer starts again. The stream sequence is read from the message's ack subject only when asked for (a
 * recreation, the next `fetch()`), not for every message.
 *
 * The ack subjects of one consumer share everything up to their numbers (`$JS.ACK.<stream>.<consumer>.`, or
 * the 11+-token form's with domain and account hash). The first one is parsed in full and that prefix kept;
 * the next ones are compared with it, their numeric tail is matched by a regular expression (native code from
 * the first messages on, where a loop per character would run in V8's interpreter until the consumer is
 * optimised) and only the delivery sequence is read. A subject is accepted exactly when the full parse
 * ({@link parseAckSequences}) accepts it: anything the quick check does not recognise goes to the full parse.
 */
import { parseAckSequences, type AckSequences } from "../jsmsg/reply-info";

// The numbers after the prefix: delivery count, stream and delivery sequences, timestamp, pending. The 9-token
// form ends there; the 11+-token form may carry more tokens, whatever they hold.
const SHORT_TAIL = /\d+\.\d+\.\d+\.\d+\.\d+$/y;
const LONG_TAIL = /\d+\.\d+\.\d+\.\d+\.\d+(?:\.[^]*)?$/y;

const seqs: AckSequences = { base: -1, tail: 0, deliveryCount: 0, streamSequence: 0, deliverySequence: 0, pending: 0 };

// The decimal `s[from, to)`, known to be digits. Up to 15 digits the running sum is exact; longer ones are read
// as one number (rounded once), as the full parse does.
function decimal(s: string, from: number, to: number): number {
  if (to - from > 15) return Number(s.slice(from, to));
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}

/** An ordered consumer's position: `deliver_seq` and `stream_seq` of the last message it took. */
export class OrderedCursor {
  /** Delivery sequence of the last message taken from the current consumer (0: none yet). */
  deliver_seq = 0;
  private streamSeq: number;
  /**
   * The ack subject of the last message taken while its stream sequence is unread, else "". Only the quick
   * check sets it, so it begins with {@link prefix} and its numbers start at `prefix.length`.
   */
  private lastReply = "";
  /** What the current consumer's ack subjects begin with; "" until its first message was parsed. */
  private prefix = "";
  private tailPattern = SHORT_TAIL;

  constructor(streamSeq = 0) {
    this.streamSeq = streamSeq;
  }

  /** Stream sequence of the last message taken (or where the consumer was set to start, before it). */
  get stream_seq(): number {
    if (this.lastReply !== "") {
      const s = this.lastReply;
      const a = s.indexOf(".", this.prefix.length) + 1;
      this.streamSeq = decimal(s, a, s.indexOf(".", a));
      this.lastReply = "";
    }
    return this.streamSeq;
  }

  set stream_seq(seq: number) {
    this.streamSeq = seq;
    this.lastReply = "";
  }

  /**
   * Takes the message whose ack subject is `reply` and returns true when it is the next delivery (its delivery
   * sequence is `deliver_seq + 1`); returns false without moving on a gap, or when `reply` is not an ack
   * subject.
   */
  next(reply: string): boolean {
    const p = this.prefix;
    if (p !== "" && reply.startsWith(p)) {
      const re = this.tailPattern;
      re.lastIndex = p.length;
      if (re.test(reply)) {
        // <count>.<stream seq>.<delivery seq>.…: the delivery sequence is the third number.
        const a = reply.indexOf(".", p.length);
        const b = reply.indexOf(".", a + 1);
        if (decimal(reply, b + 1, reply.indexOf(".", b + 1)) !== this.deliver_seq + 1) return false;
        this.deliver_seq++;
        this.lastReply = reply;
        return true;
      }
    }
    return this.nextParsed(reply);
  }

  // The full parse: the first message of a consumer, and anything the quick check did not recognise.
  private nextParsed(reply: string): boolean {
    if (!parseAckSequences(reply, seqs) || seqs.deliverySequence !== this.deliver_seq + 1) return false;
    this.deliver_seq = seqs.deliverySequence;
    this.stream_seq = seqs.streamSequence;
    this.prefix = reply.slice(0, seqs.tail);
    this.tailPattern = seqs.base === 2 ? SHORT_TAIL : LONG_TAIL;
    return true;
  }
}
