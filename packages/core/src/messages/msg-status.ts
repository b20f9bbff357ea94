import { decodeText, headerStatusCode } from "@nats-stack/wire";
import type { Msg } from "./msg";

/**
 * Status codes a NATS server puts in a message's header line (`NATS/1.0 <code> <description>`), by name.
 * JetStream and request/reply code matches on these; they are the server's, not ours.
 */
export const StatusCode = {
  /** A control message: `Idle Heartbeat` or `FlowControl Request` (see {@link StatusDescription}). */
  Control: 100,
  /** A JetStream pull request the server could not accept (`Bad Request`). */
  BadRequest: 400,
  /** No messages (JetStream pull with `no_wait`, `Message Not Found` of a direct get). */
  NotFound: 404,
  /** A JetStream pull request expired (`Request Timeout`). */
  RequestTimeout: 408,
  /** A JetStream pull request ended early (`Exceeded MaxWaiting`, `Consumer Deleted`, `Message Size Exceeds MaxBytes`…). */
  Conflict: 409,
  /** Nobody listens on the subject of a request. */
  NoResponders: 503,
} as const;

/** The descriptions that tell apart the control messages (code 100) a JetStream consumer receives. */
export const StatusDescription = {
  IdleHeartbeat: "Idle Heartbeat",
  FlowControl: "FlowControl Request",
} as const;

/** A message's status: the code and description of its header line. */
export interface MsgStatus {
  readonly code: number;
  readonly description: string;
}

interface RawHeaderMsg {
  readonly rawHeaders?: Uint8Array;
}

// Reads the description after the code on the first header line (`NATS/1.0 408 Request Timeout\r\n`).
function descriptionOf(raw: Uint8Array): string {
  let end = 12;
  while (end < raw.length && raw[end] !== 13) end++;
  return decodeText(raw, 12, end).trim();
}

/**
 * The status of a message, or undefined when it has none (a plain message, or headers without a status).
 * Reads the raw header line of messages this client received, so no header map is built; works on any
 * `Msg` (through `headers.code`) otherwise.
 */
export function msgStatus(m: Msg): MsgStatus | undefined {
  if ("rawHeaders" in m) {
    const raw = (m as RawHeaderMsg).rawHeaders;
    if (raw === undefined) return undefined;
    const code = headerStatusCode(raw);
    return code === 0 ? undefined : { code, description: descriptionOf(raw) };
  }
  const h = m.headers;
  if (!h || !h.code) return undefined;
  return { code: h.code, description: h.description };
}

/** The status code of a message, 0 when it has none. Cheaper than {@link msgStatus} when only the code matters. */
export function msgStatusCode(m: Msg): number {
  if ("rawHeaders" in m) {
    const raw = (m as RawHeaderMsg).rawHeaders;
    return raw === undefined ? 0 : headerStatusCode(raw);
  }
  return m.headers?.code ?? 0;
}

/** True for the reply a server makes when nobody listens on a request's subject: status 503 and no body. */
export function isNoRespondersMsg(m: Msg): boolean {
  return m.data.length === 0 && msgStatusCode(m) === StatusCode.NoResponders;
}
