/**
 * A bare NATS handshake over `node:net`, for auth tests that must not wait for the connection class: read
 * INFO with the wire parser, ask the authenticator for credentials with INFO's nonce, send
 * `CONNECT {…auth}` + `PING`, and report whether the server answered `PONG` or `-ERR`.
 */
import { connect as tcpConnect } from "node:net";
import { ServerOpParser, type ServerInfo, type ServerMsg, type ServerOpSink } from "@nats-stack/wire";
import type { Authenticator } from "../../../src/auth/auth-types";

/** What the server said after our CONNECT. */
export type HandshakeResult = { ok: true; info: ServerInfo; connect: Record<string, unknown> } | { ok: false; err: string; info?: ServerInfo; connect?: Record<string, unknown> };

/**
 * Connects to 127.0.0.1:`port`, authenticates with `auth` and resolves with the outcome. Rejects on a socket
 * error or when nothing conclusive arrives within `timeoutMs`.
 */
export function rawHandshake(port: number, auth: Authenticator, timeoutMs = 5000): Promise<HandshakeResult> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: "127.0.0.1", port });
    let info: ServerInfo | undefined;
    let connect: Record<string, unknown> | undefined;
    let done = false;
    const finish = (r: HandshakeResult | Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (r instanceof Error) reject(r);
      else resolve(r);
    };
    const timer = setTimeout(() => finish(new Error(`handshake timed out after ${timeoutMs} ms`)), timeoutMs);
    const sink: ServerOpSink = {
      msg(_m: ServerMsg) {},
      info(i: ServerInfo) {
        if (info) return; // a later INFO (cluster update) changes nothing here
        info = i;
        Promise.resolve()
          .then(() => auth(i.nonce))
          .then((creds) => {
            connect = { ...(creds || {}), verbose: false, pedantic: false, protocol: 1, lang: "nats-stack-test", version: "0.0.0" };
            socket.write(`CONNECT ${JSON.stringify(connect)}\r\nPING\r\n`);
          })
          .catch((err: unknown) => finish(err instanceof Error ? err : new Error(String(err))));
      },
      ping() {
        socket.write("PONG\r\n");
      },
      pong() {
        if (info && connect) finish({ ok: true, info, connect });
      },
      ok() {},
      err(text: string) {
        finish({ ok: false, err: text, info, connect });
      },
    };
    const parser = new ServerOpParser(sink);
    socket.on("data", (chunk: Buffer) => {
      try {
        parser.parse(chunk);
      } catch (err) {
        finish(err as Error);
      }
    });
    socket.on("error", (err) => finish(err));
    socket.on("close", () => finish(new Error("connection closed before PONG or -ERR")));
  });
}
