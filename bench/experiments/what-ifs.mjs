// Changes to core tried without editing it: each what-if patches core's source text while esbuild bundles
// a contender (run.mjs --variant), so the effect of a proposed change can be measured before it is made.
// A replacement whose text is no longer found fails the build: the what-if is stale, rewrite it.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// The repository's root: what-ifs name files relative to it.
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export const whatIfs = {
  // Core tells a received message's size as nats-server counts it against a pull request's max_bytes
  // (subject, reply, headers and payload) from the frame's offsets, without decoding the subject: what a
  // byte-bounded consumer (an ordered consume() without a given bound) reads for every message. Used with
  // "counted-size-jetstream", which makes jetstream's pulledSize() read it.
  "counted-size": {
    file: "packages/core/src/messages/msg.ts",
    replace: [[`  get size(): number {\n    return this.frame.size;\n  }\n`, `  get size(): number {\n    return this.frame.size;\n  }\n  get countedSize(): number {\n    const f = this.frame as unknown as { size: number; subjectStart: number; subjectEnd: number; replyStart: number; replyEnd: number };\n    return f.size + f.subjectEnd - f.subjectStart + (f.replyStart < 0 ? 0 : f.replyEnd - f.replyStart);\n  }\n`]],
  },
  "counted-size-jetstream": {
    file: "packages/jetstream/src/consumers/pull-request.ts",
    replace: [[`  return m.subject.length + (m.reply?.length ?? 0) + msgSize(m);`, `  const c = (m as { countedSize?: number }).countedSize;\n  return c !== undefined ? c : m.subject.length + (m.reply?.length ?? 0) + msgSize(m);`]],
  },
  // A received message's data is a plain Uint8Array subarray on Node too (as before Transport.bytesView):
  // the cost of handing it out as a Buffer made over the same memory, as nats.js's Node transport does.
  "data-subarray": {
    file: "packages/core/src/transports/node.ts",
    replace: [[`  readonly bytesView: BytesView = nodeBytesView;`, `  readonly bytesView: BytesView | undefined = undefined;`]],
  },
  // ... or a Buffer made by Buffer.from(arrayBuffer, byteOffset, length) instead of core's Buffer-prototyped view.
  "data-buffer-from": {
    file: "packages/core/src/transports/node.ts",
    replace: [[`  return new (nodeBytes ??= makeNodeBytes())(buffer, byteOffset, length);`, `  return Buffer.from(buffer as ArrayBuffer, byteOffset, length);`]],
  },
  // Written batches are not retained until their PONG (the resendUnacked option's default turned off).
  "resend-unacked-off": {
    file: "packages/core/src/connection/options.ts",
    replace: [[`  resendUnacked: true,`, `  resendUnacked: false,`]],
  },
  // RequestMux's requests are sent as publishes that need no acknowledging PING (and are never resent), as
  // a request's reply already proves its batch: the potential of a mux request kind for JetStream acks.
  "mux-once": {
    file: "packages/core/src/requests/request-mux.ts",
    replace: [[`this.protocol.send(subject, payload, h === undefined ? undefined : { headers: h }, "publish", this.inbox + token, true);`, `this.protocol.send(subject, payload, h === undefined ? undefined : { headers: h }, "once", this.inbox + token, true);`]],
  },
  // Core remembers 128 checked publish subjects; a key-value workload over more keys than that (direct gets
  // and puts name the key in the subject) checks and encodes every subject again.
  "subject-cache-4096": {
    file: "packages/core/src/protocol/subject-check.ts",
    replace: [[`const CACHE_SIZE = 128;`, `const CACHE_SIZE = 4096;`]],
  },
  // An ordered consumer's consume() asks for 4096 (refilling at half) instead of 1024.
  "ordered-batch-4096": {
    file: "packages/jetstream/src/consumers/pull-options.ts",
    replace: [[`export const ORDERED_MAX_MESSAGES = 1024;`, `export const ORDERED_MAX_MESSAGES = 4096;`]],
  },
  // A key-value watch (and keys(), history()) pulls 8192 entries at a time (refilled at half) instead of 4096.
  "kv-batch-8192": {
    file: "packages/jetstream/src/kv/kv-watch.ts",
    replace: [[`const READ_BATCH = { max_messages: 4096 };`, `const READ_BATCH = { max_messages: 8192 };`]],
  },
  // ... or 2048.
  "ordered-batch-2048": {
    file: "packages/jetstream/src/consumers/pull-options.ts",
    replace: [[`export const ORDERED_MAX_MESSAGES = 1024;`, `export const ORDERED_MAX_MESSAGES = 2048;`]],
  },
  // An ordered consumer's consume() refills at a quarter of its batch (pull requests of 768) instead of half.
  "ordered-threshold-25": {
    file: "packages/jetstream/src/consumers/pull-options.ts",
    replace: [[`export const ORDERED_THRESHOLD = 0.5;`, `export const ORDERED_THRESHOLD = 0.25;`]],
  },
  // ... or at three quarters (pull requests of 256).
  "ordered-threshold-75": {
    file: "packages/jetstream/src/consumers/pull-options.ts",
    replace: [[`export const ORDERED_THRESHOLD = 0.5;`, `export const ORDERED_THRESHOLD = 0.75;`]],
  },
  // ... or 256.
  "ordered-batch-256": {
    file: "packages/jetstream/src/consumers/pull-options.ts",
    replace: [[`export const ORDERED_MAX_MESSAGES = 1024;`, `export const ORDERED_MAX_MESSAGES = 256;`]],
  },
};

/** The names of the what-ifs whose file or replaced text is no longer in the sources (bench/test checks none is). */
export function staleWhatIfs() {
  return Object.entries(whatIfs)
    .filter(([, w]) => {
      let text;
      try {
        text = readFileSync(join(root, w.file), "utf8");
      } catch {
        return true;
      }
      return w.replace.some(([from]) => !text.includes(from));
    })
    .map(([n]) => n);
}

/** An esbuild plugin applying the named what-ifs to the sources it loads (an unknown name throws). */
export function whatIfPlugin(names) {
  const patches = names.map((n) => {
    const w = whatIfs[n];
    if (!w) throw new Error(`unknown what-if '${n}'; known: ${Object.keys(whatIfs).join(", ")}`);
    return w;
  });
  return {
    name: "what-if",
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const mine = patches.filter((p) => args.path === join(root, p.file));
        if (!mine.length) return undefined;
        let text = readFileSync(args.path, "utf8");
        for (const p of mine) {
          for (const [from, to] of p.replace) {
            if (!text.includes(from)) throw new Error(`what-if is stale: text not found in ${p.file}:\n${from}`);
            text = text.replace(from, to);
          }
        }
        return { contents: text, loader: "ts" };
      });
    },
  };
}
