/**
 * The part every in-process fake server of these experiments shares: a core `Transport` that parses what the
 * client writes (wire's ClientOpParser), keeps its subscriptions, counts writes and bytes, times its own work
 * (so an experiment can subtract it from the process's CPU) and greets with a JetStream-enabled INFO. A
 * subclass answers publishes and PINGs, and delivers its answers as it likes (one read per batch, or reads of
 * about 64 KiB).
 */
import type { Transport } from "@nats-stack/core";
import { ClientOpParser, type ClientPub } from "@nats-stack/wire";

const te = new TextEncoder();

export abstract class FakeServerTransport implements Transport {
  isEncrypted = false;
  pendingBytes = 0;
  /** Socket writes and bytes the client made. */
  writes = 0;
  written = 0;
  /** Milliseconds spent in the fake server's own handlers. */
  serverMs = 0;
  onData: (chunk: Uint8Array) => void = () => {};
  onClose: (err?: Error) => void = () => {};
  /** The client's subscriptions by sid. */
  protected readonly subs = new Map<number, string>();
  private readonly parser = new ClientOpParser({
    connect: () => {},
    pub: (m) => this.pub(m),
    sub: (subject, sid) => void this.subs.set(sid, subject),
    unsub: (sid) => void this.subs.delete(sid),
    ping: () => this.pong(),
    pong: () => {},
  });

  /** Answers one PUB/HPUB of the client. */
  protected abstract pub(m: ClientPub): void;
  /** Answers a PING. */
  protected abstract pong(): void;

  async dial(): Promise<void> {
    setImmediate(() => this.onData(te.encode('INFO {"server_id":"FAKEJS","version":"2.9.10","proto":1,"headers":true,"jetstream":true,"max_payload":1048576}\r\n')));
  }

  write(parts: Uint8Array[], done?: (err?: Error) => void): void {
    const t = performance.now();
    this.writes++;
    for (const p of parts) {
      this.written += p.length;
      // A copy: the client owns its chunks once write() returns.
      this.parser.parse(p.slice());
    }
    this.serverMs += performance.now() - t;
    done?.();
  }

  close(): void {
    setImmediate(() => this.onClose());
  }

  /** A consumer info answer (JSON) for `name` on `stream`, its config completed with these defaults. */
  protected consumerInfo(stream: string, name: string, config: Record<string, unknown> = {}): string {
    return JSON.stringify({
      type: "io.nats.jetstream.api.v1.consumer_info_response",
      stream_name: stream,
      name,
      created: new Date().toISOString(),
      config: { ack_policy: "explicit", deliver_policy: "all", ...config, name },
      delivered: { consumer_seq: 0, stream_seq: 0 },
      ack_floor: { consumer_seq: 0, stream_seq: 0 },
      num_ack_pending: 0,
      num_redelivered: 0,
      num_waiting: 0,
      num_pending: 0,
    });
  }

  /** The sid of the subscription `subject` is delivered to (a literal one or a `<prefix>.*`), or -1. */
  protected sidFor(subject: string): number {
    for (const [sid, s] of this.subs) {
      if (s === subject) return sid;
      if (s.endsWith(".*") && subject.startsWith(s.slice(0, -1)) && !subject.slice(s.length - 1).includes(".")) return sid;
    }
    return -1;
  }
}
