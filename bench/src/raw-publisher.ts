/**
 * A neutral external publisher for the sub-only benchmark: a separate process that writes pre-encoded PUB
 * frames to the server over a raw socket as fast as the socket takes them, so neither client's publish path
 * is measured. Usage: node raw-publisher.cjs <port> <subject> <count> <size>
 */
import * as net from "node:net";

const [port, subject, countText, sizeText] = process.argv.slice(2);
const count = Number(countText);
const size = Number(sizeText);
const frame = Buffer.concat([Buffer.from(`PUB ${subject} ${size}\r\n`), Buffer.alloc(size, 120), Buffer.from("\r\n")]);
const perChunk = Math.max(1, Math.floor(65536 / frame.length));
const chunk = Buffer.concat(Array.from({ length: perChunk }, () => frame));
const s = net.connect(Number(port), "127.0.0.1", () => {
  s.write('CONNECT {"verbose":false,"pedantic":false,"protocol":1}\r\n');
  let sent = 0;
  const pump = () => {
    while (sent < count) {
      const n = Math.min(perChunk, count - sent);
      const ok = s.write(n === perChunk ? chunk : chunk.subarray(0, n * frame.length));
      sent += n;
      if (!ok) {
        s.once("drain", pump);
        return;
      }
    }
    s.write("PING\r\n");
  };
  pump();
});
s.on("data", (d) => {
  if (d.includes("PONG")) s.end();
});
s.on("error", () => process.exit(1));
