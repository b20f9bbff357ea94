/**
 * Liveness of a STAN session, both ways: the client's Pings to the server (protocol 1), counted until
 * `stanMaxPingOut` go unanswered, and the answers to the server's heartbeats on the heartbeat inbox.
 */
import { isNoRespondersMsg, type Msg, type NatsConnection } from "@nats-stack/core";
import { StanError } from "./errors";
import { Ping, PingResponse } from "./pb/protocol";

/** Sends STAN pings every `interval` ms and reports the session lost when too many go unanswered. */
export class Pinger {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private out = 0;
  private readonly bytes: Uint8Array;
  private stopped = false;
  /** Pings sent and answers received, for diagnostics and tests. */
  sent = 0;
  answered = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly subject: string,
    private readonly inbox: string,
    connID: Uint8Array,
    /** Milliseconds between pings. */
    readonly interval: number,
    /** Unanswered pings before the session is lost. */
    readonly maxOut: number,
    private readonly lost: (err: StanError) => void,
  ) {
    this.bytes = Ping.encode(Ping.fromPartial({ connID })).finish();
  }

  /** Unanswered pings. */
  get outstanding(): number {
    return this.out;
  }

  start(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.tick(), this.interval);
  }

  // after node-nats-streaming's pingFun: count first, give up past the limit, then send.
  private tick(): void {
    if (this.stopped) return;
    this.out++;
    if (this.out > this.maxOut) {
      this.stop();
      this.lost(StanError.of("PingFailure"));
      return;
    }
    try {
      this.nc.publish(this.subject, this.bytes, { reply: this.inbox });
      this.sent++;
    } catch {
      // The connection is closing; its close is reported elsewhere.
    }
    this.schedule();
  }

  /** A PingResponse arrived: empty means alive; an error means the server no longer knows this session. */
  onResponse(m: Msg): void {
    if (this.stopped) return;
    // A 503 status is the NATS server saying nobody listens on the ping subject: not an answer.
    if (isNoRespondersMsg(m)) return;
    if (m.data.length) {
      let r: PingResponse | undefined;
      try {
        r = PingResponse.decode(m.data);
      } catch {
        r = undefined;
      }
      if (r?.error) {
        this.stop();
        this.lost(StanError.fromServer(r.error));
        return;
      }
    }
    this.out = 0;
    this.answered++;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}

/** Answers the server's heartbeat requests (0-byte request, 0-byte reply) on `inbox`. */
export function answerHeartbeats(nc: NatsConnection, inbox: string) {
  return nc.subscribe(inbox, {
    callback: (err, m) => {
      if (err || !m.reply) return;
      try {
        nc.publish(m.reply);
      } catch {
        // closing
      }
    },
  });
}
