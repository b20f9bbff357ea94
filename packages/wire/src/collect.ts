import { ClientOpParser, type ClientParserOptions } from "./client-parser";
import type { ParserOptions } from "./limits";
import type { ClientOp, ClientOpSink, ClientPub, ConnectOptions, ServerInfo, ServerMsg, ServerOp, ServerOpSink } from "./ops";
import { ServerOpParser } from "./server-parser";

/** Turns a parsed MSG/HMSG into a plain {@link ServerOp} that owns copies of its bytes. */
export function serverMsgToOp(m: ServerMsg): ServerOp {
  const reply = m.reply;
  const h = m.headers;
  const base = { subject: m.subject, sid: m.sid, payload: m.payload.slice() };
  if (h) return reply !== undefined ? { kind: "HMSG", ...base, reply, headers: h.slice() } : { kind: "HMSG", ...base, headers: h.slice() };
  return reply !== undefined ? { kind: "MSG", ...base, reply } : { kind: "MSG", ...base };
}

/** Turns a parsed PUB/HPUB into a plain {@link ClientOp} that owns copies of its bytes. */
export function clientPubToOp(m: ClientPub): ClientOp {
  const reply = m.reply;
  const h = m.headers;
  const base = { subject: m.subject, payload: m.payload.slice() };
  if (h) return reply !== undefined ? { kind: "HPUB", ...base, reply, headers: h.slice() } : { kind: "HPUB", ...base, headers: h.slice() };
  return reply !== undefined ? { kind: "PUB", ...base, reply } : { kind: "PUB", ...base };
}

/** A {@link ServerOpSink} that keeps every op as a plain value, in order. */
export class ServerOpCollector implements ServerOpSink {
  readonly ops: ServerOp[] = [];
  msg(m: ServerMsg): void {
    this.ops.push(serverMsgToOp(m));
  }
  info(info: ServerInfo, raw: string): void {
    this.ops.push({ kind: "INFO", info, raw });
  }
  ping(): void {
    this.ops.push({ kind: "PING" });
  }
  pong(): void {
    this.ops.push({ kind: "PONG" });
  }
  ok(): void {
    this.ops.push({ kind: "OK" });
  }
  err(text: string): void {
    this.ops.push({ kind: "ERR", text });
  }
}

/** A {@link ClientOpSink} that keeps every op as a plain value, in order. */
export class ClientOpCollector implements ClientOpSink {
  readonly ops: ClientOp[] = [];
  connect(options: ConnectOptions, raw: string): void {
    this.ops.push({ kind: "CONNECT", options, raw });
  }
  pub(m: ClientPub): void {
    this.ops.push(clientPubToOp(m));
  }
  sub(subject: string, sid: number, queue?: string): void {
    this.ops.push(queue !== undefined ? { kind: "SUB", subject, sid, queue } : { kind: "SUB", subject, sid });
  }
  unsub(sid: number, max?: number): void {
    this.ops.push(max !== undefined ? { kind: "UNSUB", sid, max } : { kind: "UNSUB", sid });
  }
  ping(): void {
    this.ops.push({ kind: "PING" });
  }
  pong(): void {
    this.ops.push({ kind: "PONG" });
  }
}

/** Parses a whole server byte stream, given as chunks, into ops. Throws what the parser throws. */
export function parseServerOps(chunks: Iterable<Uint8Array>, opts?: ParserOptions): ServerOp[] {
  const c = new ServerOpCollector();
  const p = new ServerOpParser(c, opts);
  for (const chunk of chunks) p.parse(chunk);
  return c.ops;
}

/** Parses a whole client byte stream, given as chunks, into ops. Throws what the parser throws. */
export function parseClientOps(chunks: Iterable<Uint8Array>, opts?: ClientParserOptions): ClientOp[] {
  const c = new ClientOpCollector();
  const p = new ClientOpParser(c, opts);
  for (const chunk of chunks) p.parse(chunk);
  return c.ops;
}
