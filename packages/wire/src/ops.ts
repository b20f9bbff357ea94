import type { Frame } from "./frame";

/** The fields of a server's INFO. Unknown fields are kept. */
export interface ServerInfo {
  server_id?: string;
  server_name?: string;
  version?: string;
  proto?: number;
  go?: string;
  host?: string;
  port?: number;
  headers?: boolean;
  max_payload?: number;
  jetstream?: boolean;
  auth_required?: boolean;
  tls_required?: boolean;
  tls_available?: boolean;
  tls_verify?: boolean;
  client_id?: number;
  client_ip?: string;
  nonce?: string;
  cluster?: string;
  domain?: string;
  connect_urls?: string[];
  ws_connect_urls?: string[];
  ldm?: boolean;
  git_commit?: string;
  xkey?: string;
  [key: string]: unknown;
}

/** The fields of a client's CONNECT. Unknown fields are kept. */
export interface ConnectOptions {
  verbose?: boolean;
  pedantic?: boolean;
  tls_required?: boolean;
  auth_token?: string;
  user?: string;
  pass?: string;
  name?: string;
  lang?: string;
  version?: string;
  protocol?: number;
  echo?: boolean;
  sig?: string;
  jwt?: string;
  nkey?: string;
  no_responders?: boolean;
  headers?: boolean;
  [key: string]: unknown;
}

/** A MSG or HMSG from a server (HMSG when `headers` is defined). See {@link Frame} for ownership. */
export type ServerMsg = Frame;
/** A PUB or HPUB from a client (HPUB when `headers` is defined). `sid` is -1. See {@link Frame}. */
export type ClientPub = Frame;

/**
 * Receives what a {@link ServerOpParser} reads, one method per op, called synchronously from `parse()`.
 * A sink must not throw: an exception leaves the rest of the chunk unparsed, so the parser refuses further
 * input until `reset()`.
 */
export interface ServerOpSink {
  /** MSG and HMSG. */
  msg(m: ServerMsg): void;
  /** INFO: the parsed object and its JSON text. */
  info(info: ServerInfo, raw: string): void;
  ping(): void;
  pong(): void;
  /** +OK (verbose mode). */
  ok(): void;
  /** -ERR, with the surrounding quotes removed. */
  err(text: string): void;
}

/** Receives what a {@link ClientOpParser} reads. Same rules as {@link ServerOpSink}. */
export interface ClientOpSink {
  /** CONNECT: the parsed object and its JSON text. */
  connect(options: ConnectOptions, raw: string): void;
  /** PUB and HPUB. */
  pub(m: ClientPub): void;
  sub(subject: string, sid: number, queue?: string): void;
  unsub(sid: number, max?: number): void;
  ping(): void;
  pong(): void;
}

/** A server op as a plain value: what tests, transcripts and conformance tools compare. */
export type ServerOp =
  | { kind: "MSG"; subject: string; sid: number; reply?: string; payload: Uint8Array }
  | { kind: "HMSG"; subject: string; sid: number; reply?: string; headers: Uint8Array; payload: Uint8Array }
  | { kind: "INFO"; info: ServerInfo; raw?: string }
  | { kind: "PING" }
  | { kind: "PONG" }
  | { kind: "OK" }
  | { kind: "ERR"; text: string };

/** A client op as a plain value. */
export type ClientOp =
  | { kind: "CONNECT"; options: ConnectOptions; raw?: string }
  | { kind: "PUB"; subject: string; reply?: string; payload: Uint8Array }
  | { kind: "HPUB"; subject: string; reply?: string; headers: Uint8Array; payload: Uint8Array }
  | { kind: "SUB"; subject: string; sid: number; queue?: string }
  | { kind: "UNSUB"; sid: number; max?: number }
  | { kind: "PING" }
  | { kind: "PONG" };

export type ServerOpKind = ServerOp["kind"];
export type ClientOpKind = ClientOp["kind"];
