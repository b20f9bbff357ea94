/**
 * Plays the CLIENT side of a STAN transcript against a live server (the fake STAN server on a real
 * nats-server) over raw TCP sockets, and checks that the server answers what the recorded server answered:
 * every recorded MSG must arrive on its subject, in order per subject, with the same STAN message (decoded,
 * timestamps ignored, server-chosen ack inboxes renamed). The recorded client bytes are sent as they were,
 * except for the ack inboxes the live server chose (same length, so protobuf framing is unchanged).
 * Keep-alives (INFO, PING, PONG) are not compared; server PINGs are answered.
 */
import { connect as tcp, type Socket } from "node:net";
import { ServerOpCollector, ServerOpParser, type ServerOp } from "@nats-stack/wire";
import { buildTimeline, type ClientOpEvent, type ServerOpEvent } from "@nats-stack/fixtures/op-timeline";
import { directionStream, type Transcript } from "@nats-stack/fixtures/transcript";
import { RenameTable } from "@nats-stack/fixtures/rename-table";
import { compareFields, decodeAs, type StanKind } from "./stan-payloads";

type Msg = Extract<ServerOp, { kind: "MSG" }>;

/** Options of {@link playClientSide}. */
export interface PlayOptions {
  /** Recorded client gaps are slept, times this (match the fake server's `msPerSecond / 1000`). */
  timeScale: number;
  /** How long to wait for each expected MSG (ms). */
  msgTimeout?: number;
}

class Conn {
  readonly received: Msg[] = [];
  private wake: (() => void) | undefined;
  private readonly parser: ServerOpParser;
  constructor(readonly socket: Socket) {
    const sink = new ServerOpCollector();
    sink.ops.push = (...ops: ServerOp[]): number => {
      for (const op of ops) {
        if (op.kind === "PING") socket.write("PONG\r\n");
        else if (op.kind === "MSG") this.received.push({ ...op, payload: op.payload.slice() });
        else if (op.kind === "ERR") this.received.push({ kind: "MSG", subject: `-ERR ${op.text}`, sid: 0, payload: new Uint8Array(0) });
      }
      this.wake?.();
      return 0;
    };
    this.parser = new ServerOpParser(sink);
    socket.on("data", (d: Buffer) => this.parser.parse(new Uint8Array(d)));
    socket.on("error", () => {});
  }
  async take(subject: string, ms: number): Promise<Msg> {
    const end = Date.now() + ms;
    for (;;) {
      const i = this.received.findIndex((m) => m.subject === subject);
      if (i >= 0) return this.received.splice(i, 1)[0]!;
      const left = end - Date.now();
      if (left <= 0) throw new Error(`no MSG on ${subject} within ${ms} ms (received meanwhile: ${this.received.map((m) => m.subject).join(", ") || "nothing"})`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.wake = () => (clearTimeout(t), r());
      });
    }
  }
}

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");

/** What each client request expects back, by its reply subject. */
function replyKind(pubSubject: string): StanKind | undefined {
  if (pubSubject.startsWith("_STAN.discover.")) return pubSubject.endsWith(".pings") ? "PingResponse" : "ConnectResponse";
  if (pubSubject.startsWith("_STAN.pub.")) return "PubAck";
  if (pubSubject.startsWith("_STAN.sub.") || pubSubject.startsWith("_STAN.unsub.") || pubSubject.startsWith("_STAN.subclose.")) return "SubscriptionResponse";
  if (pubSubject.startsWith("_STAN.close.")) return "CloseResponse";
  return undefined;
}

/** Plays the transcript's client side to `host:port`; throws at the first difference. Returns the MSGs compared. */
export async function playClientSide(t: Transcript, port: number, opts: PlayOptions): Promise<number> {
  const tl = buildTimeline(t);
  const rename = new RenameTable();
  const conns = new Map<number, Conn>();
  const c2s = new Map<number, Uint8Array>();
  const kinds = new Map<string, StanKind>(); // reply subject (exact) -> kind of the answer
  const pubAckSubjects = new Set<string>();
  let lastT: number | undefined;
  let compared = 0;
  const where = (ev: { line: number; conn: number }) => `${t.header.scenario}, conn ${ev.conn}, line ${ev.line}`;
  try {
    for (const ev of tl.events) {
      if (ev.type === "fin") {
        if (ev.dir === "c2s") conns.get(ev.conn)?.socket.end();
        continue;
      }
      if (ev.type !== "op") continue;
      if (ev.dir === "c2s") {
        const op = (ev as ClientOpEvent).op;
        if (op.kind === "PONG") continue; // we answer the live server's PINGs ourselves
        // The recorded pause since the previous event (either side): what the client waited for itself.
        if (lastT !== undefined && ev.t - lastT > 20) await new Promise((r) => setTimeout(r, (ev.t - lastT!) * opts.timeScale));
        lastT = ev.t;
        let conn = conns.get(ev.conn);
        if (!conn) {
          const socket = tcp({ host: "127.0.0.1", port });
          await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
          conns.set(ev.conn, (conn = new Conn(socket)));
        }
        if (!c2s.has(ev.conn)) c2s.set(ev.conn, directionStream(t, ev.conn, "c2s").bytes);
        let bytes = latin1(c2s.get(ev.conn)!.subarray(ev.start, ev.end));
        // The server chose other ack inboxes than the recorded ones: same length, so a plain replacement.
        for (const p of rename.names()) bytes = bytes.split(p.recorded).join(p.live);
        if (op.kind === "PUB" && op.reply) {
          const k = replyKind(op.subject);
          if (k) kinds.set(op.reply, k);
          if (k === "PubAck") pubAckSubjects.add(op.reply);
        }
        conn.socket.write(Buffer.from(bytes, "latin1"));
        continue;
      }
      const op = (ev as ServerOpEvent).op;
      if (op.kind !== "MSG" && op.kind !== "ERR") continue;
      lastT = ev.t;
      const conn = conns.get(ev.conn)!;
      const subject = op.kind === "ERR" ? `-ERR ${op.text}` : op.subject;
      const got = await conn.take(subject, opts.msgTimeout ?? 3000).catch((err: Error) => {
        throw new Error(`${where(ev)}: ${err.message}`);
      });
      if (op.kind === "ERR") continue;
      const kind: StanKind = kinds.get(op.subject) ?? (pubAckSubjects.has(op.subject) ? "PubAck" : "MsgProto");
      const e = decodeAs(kind, op.payload);
      const r = decodeAs(kind, got.payload);
      if (kind === "MsgProto") {
        delete e.timestamp;
        delete r.timestamp;
      }
      if (kind === "SubscriptionResponse" && typeof e.ackInbox === "string" && e.ackInbox && typeof r.ackInbox === "string") {
        const why = rename.match("name", e.ackInbox, r.ackInbox);
        if (why) throw new Error(`${where(ev)}: ${why}`);
        r.ackInbox = e.ackInbox;
      }
      if ((op.reply === undefined) !== (got.reply === undefined)) throw new Error(`${where(ev)}: reply subject presence differs`);
      const why = compareFields(kind, e, r, rename);
      if (why) throw new Error(`${where(ev)}: ${why}`);
      compared++;
    }
    // Nothing more may come than what was recorded.
    await new Promise((r) => setTimeout(r, 50));
    for (const [n, c] of conns) {
      if (c.received.length) throw new Error(`${t.header.scenario}, conn ${n}: unexpected MSGs after the recording ends: ${c.received.map((m) => m.subject).join(", ")}`);
    }
    return compared;
  } finally {
    for (const c of conns.values()) c.socket.destroy();
  }
}
