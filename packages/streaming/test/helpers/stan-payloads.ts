/**
 * Which STAN protobuf message a NATS payload holds, told from its subject (PROTOCOL-FACTS.md's subject
 * table), and a field-by-field semantic comparison of two decoded messages: per-run names (guids, connIDs,
 * inboxes) are matched through the replay's renaming table, everything else must be equal.
 */
import { matchVolatileText } from "@nats-stack/fixtures/volatile-names";
import type { RenameTable } from "@nats-stack/fixtures/rename-table";
import * as pb from "../../src/pb/protocol";

/** A ts-proto codec. */
interface Codec {
  decode(b: Uint8Array): object;
}

/** The STAN message type names. */
export type StanKind =
  | "ConnectRequest"
  | "Ping"
  | "PubMsg"
  | "SubscriptionRequest"
  | "UnsubscribeRequest"
  | "CloseRequest"
  | "Ack"
  | "HeartbeatReply"
  | "ConnectResponse"
  | "PingResponse"
  | "PubAck"
  | "SubscriptionResponse"
  | "CloseResponse"
  | "MsgProto";

export const CODECS: Partial<Record<StanKind, Codec>> = {
  ConnectRequest: pb.ConnectRequest,
  Ping: pb.Ping,
  PubMsg: pb.PubMsg,
  SubscriptionRequest: pb.SubscriptionRequest,
  UnsubscribeRequest: pb.UnsubscribeRequest,
  CloseRequest: pb.CloseRequest,
  Ack: pb.Ack,
  ConnectResponse: pb.ConnectResponse,
  PingResponse: pb.PingResponse,
  PubAck: pb.PubAck,
  SubscriptionResponse: pb.SubscriptionResponse,
  CloseResponse: pb.CloseResponse,
  MsgProto: pb.MsgProto,
};

/** The kind of a client PUB, by its subject (the recorded one: the cluster id is `test-cluster` there). */
export function clientKind(subject: string, reply: string | undefined, payload: Uint8Array): StanKind {
  if (subject.startsWith("_STAN.discover.")) return subject.endsWith(".pings") ? "Ping" : "ConnectRequest";
  if (subject.startsWith("_STAN.pub.")) return "PubMsg";
  if (subject.startsWith("_STAN.sub.")) return "SubscriptionRequest";
  if (subject.startsWith("_STAN.unsub.") || subject.startsWith("_STAN.subclose.")) return "UnsubscribeRequest";
  if (subject.startsWith("_STAN.close.")) return "CloseRequest";
  return payload.length === 0 && reply === undefined ? "HeartbeatReply" : "Ack";
}

/** Fields holding per-run names. */
const NAME_FIELDS = new Set(["guid", "heartbeatInbox", "inbox", "connID", "ackInbox"]);

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");

function show(v: unknown): string {
  if (v instanceof Uint8Array) return v.length > 40 ? `<${v.length} bytes>` : JSON.stringify(latin1(v));
  return typeof v === "bigint" ? `${v}n` : JSON.stringify(v);
}

/** Compares two decoded messages field by field; undefined when they match, else the first difference. */
export function compareFields(kind: string, e: Record<string, unknown>, r: Record<string, unknown>, rename: RenameTable): string | undefined {
  for (const k of Object.keys(e)) {
    const ev = e[k];
    const rv = r[k];
    let same: boolean;
    if (ev instanceof Uint8Array && rv instanceof Uint8Array) {
      if (NAME_FIELDS.has(k)) same = matchVolatileText(latin1(ev), latin1(rv), rename) === undefined;
      else same = ev.length === rv.length && Buffer.compare(ev, rv) === 0;
    } else if (typeof ev === "string" && typeof rv === "string" && NAME_FIELDS.has(k)) {
      same = matchVolatileText(ev, rv, rename) === undefined;
    } else {
      same = ev === rv;
    }
    if (!same) return `${kind}.${k} differs: expected ${show(ev)}, received ${show(rv)}`;
  }
  return undefined;
}

/** Decodes `payload` as `kind`; empty payloads decode to every field's default, as protobuf says. */
export function decodeAs(kind: StanKind, payload: Uint8Array): Record<string, unknown> {
  const c = CODECS[kind];
  return c ? (c.decode(payload) as Record<string, unknown>) : {};
}
