/**
 * Contender process for nats.js v3: `@nats-io/transport-node`'s connect, and the Parser of
 * `@nats-io/nats-core/internal` for the parser shapes. Bundled alone (run.mjs), so no other client's code
 * is loaded in this process.
 */
import { connect } from "@nats-io/transport-node";
import { Parser } from "@nats-io/nats-core/internal";
import { runContender, type BenchConnect } from "../src/node-contender";

// Keeps the last 1024 messages, as the other contenders' sinks do.
const keep: unknown[] = new Array(1024);

// One parser and one dispatcher for every pass, as a connection has one (see ParseAll).
let frames = 0;
let payloadBytes = 0;
const parser = new Parser({
  push(e: { kind: number; data?: Uint8Array; msg?: { hdr: number } } | (() => void)) {
    // kind 2 is MSG (HMSG included); nats.js hands headers and body as one array: count the body only.
    if (typeof e !== "function" && e.kind === 2) {
      keep[frames & 1023] = e;
      frames++;
      const hdr = e.msg!.hdr;
      payloadBytes += e.data!.length - (hdr > 0 ? hdr : 0);
    }
  },
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
