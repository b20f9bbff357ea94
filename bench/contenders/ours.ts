/**
 * Contender process for our client: @nats-stack/core through its public entry only, and
 * @nats-stack/wire's ServerOpParser for the parser shapes. Bundled alone (run.mjs), so no other client's
 * code is loaded in this process.
 */
import { connect } from "@nats-stack/core";
import { ServerOpParser } from "@nats-stack/wire";
import { runContender, type BenchConnect } from "../src/node-contender";

// The sink keeps the last 1024 frames, as a real consumer holds on to what it is handed; without it the
// JIT may prove the frame never escapes and skip allocating it, which no client can do.
const keep: unknown[] = new Array(1024);

// One parser and one sink for every pass, as a connection has one (see ParseAll).
let frames = 0;
let payloadBytes = 0;
const parser = new ServerOpParser({
  msg(m) {
    keep[frames & 1023] = m;
    frames++;
    payloadBytes += m.payloadLength;
  },
  info() {},
  ping() {},
  pong() {},
  ok() {},
  err() {},
});

runContender({
  connect: connect as unknown as BenchConnect,
  parseAll(chunks) {
    frames = 0;
    payloadBytes = 0;
    for (const ch of chunks) parser.parse(ch);
    return { frames, payloadBytes };
  },
});
