/**
 * A neutral responder for the request benchmark, in its own process (the same for both clients):
 * answers every request on the subject with its payload. Usage: node responder.cjs <port> <subject>
 */
import * as net from "node:net";
import { ServerOpParser, encodePub, joinParts } from "@nats-stack/wire";

const [port, subject] = process.argv.slice(2);
const s = net.connect(Number(port), "127.0.0.1", () => {
  s.write(`CONNECT {"verbose":false,"pedantic":false,"protocol":1}\r\nSUB ${subject} 1\r\nPING\r\n`);
});
const parser = new ServerOpParser({
  msg: (m) => {
    if (m.reply) s.write(joinParts(encodePub(m.reply, m.payload)));
  },
  info() {},
  ping: () => s.write("PONG\r\n"),
  pong: () => process.send?.("ready"),
  ok() {},
  err: (t) => console.error("responder:", t),
});
s.on("data", (d) => parser.parse(d));
