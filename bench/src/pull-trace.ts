/**
 * A diagnostic for the JetStream worker, off unless `BENCH_PULLS=1`: the wire traffic of a pull consumer's
 * run, read by read and pull by pull, printed to stderr after the result is measured. It hooks the socket
 * before the client connects (node's `onread` callback and `fs.writevSync`, which ours uses; the socket's
 * `data` events and `write`, which nats.js uses), keeps each read (a reference: both clients hand node a
 * buffer no later read writes to) and a copy of each write with its time, and parses them only when the run
 * is over: which pull requests were written when and for how many messages, which delivery sequences each read
 * brought, how long the client took over each read (until the `setImmediate` after it: every queued message
 * is handed out in the microtasks of the read), and how long it then waited for the next one.
 *
 * From that it reports, per pull request: when it was written, what the client still had coming then
 * (requested and not received) and had queued, when the first and last of its messages were read (the
 * server serves waiting requests in order, so pull k gets the deliveries after those of pulls 1..k-1); and
 * for the run: reads and writes, messages per read, the client's busy and idle time between reads, and the
 * *server's* idle time waiting for a pull (a pull written when everything asked before had been read: the
 * server had nothing to send from the last of those messages on, at the latest, until that pull reached it).
 *
 * The hooks cost a `performance.now()` and an array push per read and write (a few hundred per run), and
 * one `setImmediate` per read; the parse runs after the clock stopped.
 */
import { joinParts } from "@nats-stack/wire";
// Required, not imported: the hooks replace functions on the modules themselves, which the clients read at
// call time (an ES namespace object would be a copy whose properties cannot be assigned).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require("node:fs") as typeof import("node:fs");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const net = require("node:net") as typeof import("node:net");

interface Read {
  t: number;
  /** When the client was done with it (the setImmediate after the read). */
  done: number;
  bytes: Uint8Array;
}
interface Write {
  t: number;
  bytes: Uint8Array;
}

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A started trace: `begin()` at the start of the timed window, `report()` after it. */
export interface PullTrace {
  begin(): void;
  report(): void;
}

/** Installs the hooks (call before connecting), or returns undefined when `BENCH_PULLS` is not `1`. */
export function startPullTrace(): PullTrace | undefined {
  if (process.env.BENCH_PULLS !== "1") return undefined;
  let t0 = performance.now();
  const reads: Read[] = [];
  const writes: Write[] = [];
  let on = false;
  const recordRead = (b: Uint8Array) => {
    if (!on) return;
    const r: Read = { t: performance.now() - t0, done: 0, bytes: b };
    reads.push(r);
    setImmediate(() => (r.done = performance.now() - t0));
  };
  const recordWrite = (parts: readonly Uint8Array[]) => {
    if (!on) return;
    writes.push({ t: performance.now() - t0, bytes: joinParts(parts) });
  };
  // ours: net.connect({ onread: { buffer, callback } }) and fs.writevSync(fd, parts).
  const netMod = net as Any;
  const connect = netMod.connect;
  netMod.connect = function (this: unknown, ...args: Any[]) {
    const o = args[0];
    if (o && typeof o === "object" && o.onread && typeof o.onread.callback === "function") {
      const cb = o.onread.callback;
      o.onread = {
        ...o.onread,
        callback: (n: number, buf: Uint8Array) => {
          recordRead(buf.subarray(0, n));
          return cb(n, buf);
        },
      };
    }
    return connect.apply(this, args);
  };
  const fsMod = fs as Any;
  const writevSync = fsMod.writevSync;
  fsMod.writevSync = function (this: unknown, fd: number, parts: Uint8Array[], ...rest: Any[]) {
    const n = writevSync.call(this, fd, parts, ...rest);
    // What was written (a partial write keeps the rest for later: recorded then).
    let left = n;
    const done: Uint8Array[] = [];
    for (const p of parts) {
      if (left <= 0) break;
      done.push(p.length <= left ? p : p.subarray(0, left));
      left -= p.length;
    }
    recordWrite(done);
    return n;
  };
  // nats.js: socket "data" events and socket.write(); ours falls back to socket.write too.
  const proto = net.Socket.prototype as Any;
  const emit = proto.emit;
  proto.emit = function (this: unknown, ev: string, ...args: Any[]) {
    if (ev === "data" && args[0] instanceof Uint8Array) recordRead(args[0]);
    return emit.call(this, ev, ...args);
  };
  const write = proto.write;
  proto.write = function (this: unknown, chunk: Any, ...rest: Any[]) {
    if (chunk instanceof Uint8Array) recordWrite([chunk]);
    else if (typeof chunk === "string") recordWrite([Buffer.from(chunk)]);
    return write.call(this, chunk, ...rest);
  };
  return {
    begin: () => {
      t0 = performance.now();
      on = true;
    },
    report: () => {
      on = false;
      process.stderr.write(formatPullTrace(reads, writes));
    },
  };
}

/** A message or status the server sent, as the trace's parse sees it. */
interface InMsg {
  read: number;
  /** Delivery sequence from the ack subject (0 for a status or anything else). */
  dseq: number;
  status: number;
}

const dec = new TextDecoder();

// Finds `\r\n` from `p` in `b`; -1 when absent.
function lineEnd(b: Uint8Array, p: number): number {
  for (let i = p; i + 1 < b.length; i++) if (b[i] === 13 && b[i + 1] === 10) return i;
  return -1;
}

/** Parses the server's bytes (all reads, in order) into messages, each tagged with the read that completed it. */
export function parseReads(reads: { bytes: Uint8Array }[]): InMsg[] {
  let total = 0;
  for (const r of reads) total += r.bytes.length;
  const all = new Uint8Array(total);
  const ends: number[] = [];
  let o = 0;
  for (const r of reads) {
    all.set(r.bytes, o);
    o += r.bytes.length;
    ends.push(o);
  }
  const readOf = (end: number) => {
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! >= end) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const out: InMsg[] = [];
  let p = 0;
  while (p < all.length) {
    const e = lineEnd(all, p);
    if (e < 0) break;
    const line = dec.decode(all.subarray(p, e));
    p = e + 2;
    const isH = line.startsWith("HMSG ");
    if (!isH && !line.startsWith("MSG ")) continue;
    const a = line.split(" ");
    const size = Number(a[a.length - 1]);
    const hlen = isH ? Number(a[a.length - 2]) : 0;
    const reply = a.length === (isH ? 6 : 5) ? a[3]! : "";
    let status = 0;
    if (isH) {
      const h = dec.decode(all.subarray(p, p + Math.min(hlen, 32)));
      const m = /^NATS\/1\.0 (\d{3})/.exec(h);
      if (m) status = Number(m[1]);
    }
    p += size + 2;
    let dseq = 0;
    if (reply.startsWith("$JS.ACK.")) {
      const t = reply.split(".");
      // $JS.ACK.<stream>.<consumer>.<count>.<sseq>.<dseq>.<ts>.<pending> (or the 11+-token form).
      dseq = Number(t.length === 9 ? t[6] : t[8]);
    }
    out.push({ read: readOf(Math.min(p, all.length)), dseq, status });
  }
  return out;
}

/** The pull requests among the client's writes: write index, time and batch. */
export function parsePulls(writes: Write[]): { write: number; t: number; batch: number; maxBytes: number }[] {
  const out: { write: number; t: number; batch: number; maxBytes: number }[] = [];
  writes.forEach((w, i) => {
    const s = dec.decode(w.bytes);
    const re = /(?:^|\r\n)H?PUB \$JS\.API\.CONSUMER\.MSG\.NEXT\.\S+ \S+ (?:\d+ )?\d+\r\n(?:[^\r]*\r\n)*?(\{[^\r]*\})\r\n/g;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      try {
        const o = JSON.parse(m[1]!) as { batch?: number; max_bytes?: number };
        out.push({ write: i, t: w.t, batch: o.batch ?? 1, maxBytes: o.max_bytes ?? 0 });
      } catch {
        /* not a pull body */
      }
    }
  });
  return out;
}

const q = (xs: number[], f: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(f * s.length))]!;
};
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The report of {@link startPullTrace}. */
export function formatPullTrace(reads: Read[], writes: Write[]): string {
  const msgs = parseReads(reads);
  const pulls = parsePulls(writes);
  const data = msgs.filter((m) => m.dseq > 0);
  // Messages completed per read, and the client's busy and idle time.
  const perRead = new Array<number>(reads.length).fill(0);
  for (const m of data) perRead[m.read]!++;
  // Reads of one turn of the event loop share the setImmediate after them: the client is busy from the first
  // read of a turn to that, and idle from there to the next turn's first read.
  const busy: number[] = [];
  const idle: number[] = [];
  for (let i = 0; i < reads.length; ) {
    let j = i;
    while (j + 1 < reads.length && reads[j + 1]!.t <= reads[i]!.done) j++;
    const done = reads[j]!.done || reads[j]!.t;
    busy.push(done - reads[i]!.t);
    if (j + 1 < reads.length) idle.push(Math.max(0, reads[j + 1]!.t - done));
    i = j + 1;
  }
  const lines: string[] = [];
  lines.push(
    `pull trace: ${reads.length} reads (${data.length} messages, ${msgs.length - data.length} other ops; per read median ${q(perRead, 0.5)}, max ${Math.max(...perRead)}), ` +
      `${writes.length} writes, ${pulls.length} pull requests (batches ${pulls.map((p) => p.batch).join(",")})`,
  );
  lines.push(
    `  client: busy ${sum(busy).toFixed(1)} ms over ${busy.length} turns with reads (median ${(q(busy, 0.5) * 1000).toFixed(0)} µs), idle between reads ${sum(idle).toFixed(1)} ms ` +
      `(median ${(q(idle, 0.5) * 1000).toFixed(0)} µs, p90 ${(q(idle, 0.9) * 1000).toFixed(0)}); first read at ${reads[0]?.t.toFixed(2)} ms, last done ${reads.at(-1)?.done.toFixed(2)} ms`,
  );
  // Each pull's range of delivery sequences, in order.
  let upto = 0;
  let serverIdle = 0;
  const rows: string[] = [];
  const firstRead = new Map<number, number>();
  for (const m of data) if (!firstRead.has(m.dseq)) firstRead.set(m.dseq, m.read);
  // Received (completed) by the end of each read.
  const receivedBy: number[] = [];
  {
    let c = 0;
    for (let i = 0; i < reads.length; i++) {
      c += perRead[i]!;
      receivedBy.push(c);
    }
  }
  const receivedAt = (t: number) => {
    let c = 0;
    for (let i = 0; i < reads.length && reads[i]!.t <= t; i++) c = receivedBy[i]!;
    return c;
  };
  const firstDseq = data[0]?.dseq ?? 1;
  for (const [k, p] of pulls.entries()) {
    const from = upto + firstDseq;
    const to = upto + firstDseq + p.batch - 1;
    const rec = receivedAt(p.t);
    const outstanding = upto - rec;
    const fr = firstRead.get(from);
    const lr = firstRead.get(Math.min(to, data.at(-1)?.dseq ?? to));
    let idleNote = "";
    if (k > 0 && outstanding <= 0) {
      // Everything asked before was read: the server had nothing to send since (at the latest) that read.
      const lastRead = firstRead.get(from - 1);
      if (lastRead !== undefined) {
        const gap = p.t - reads[lastRead]!.t;
        serverIdle += gap;
        idleNote = ` server waited >= ${(gap * 1000).toFixed(0)} µs (since read ${lastRead})`;
      }
    }
    rows.push(
      `  pull ${k + 1}: ${p.batch} at ${p.t.toFixed(2)} ms (write ${p.write}), outstanding ${outstanding}; ` +
        (fr !== undefined ? `first at ${reads[fr]!.t.toFixed(2)} (read ${fr})` : "first never") +
        (lr !== undefined ? `, last at ${reads[lr]!.t.toFixed(2)} (read ${lr})` : "") +
        idleNote,
    );
    upto += p.batch;
  }
  lines.push(`  server idle waiting for a pull (lower bound): ${serverIdle.toFixed(2)} ms`);
  lines.push(...rows);
  if (process.env.BENCH_PULLS_READS === "1") {
    reads.forEach((r, i) =>
      lines.push(`  read ${i} at ${r.t.toFixed(3)} ms: ${r.bytes.length} B, ${perRead[i]} msgs, busy ${((r.done - r.t) * 1000).toFixed(0)} µs`),
    );
    writes.forEach((w, i) => lines.push(`  write ${i} at ${w.t.toFixed(3)} ms: ${w.bytes.length} B ${JSON.stringify(dec.decode(w.bytes.subarray(0, 60)))}`));
  }
  return lines.join("\n") + "\n";
}
