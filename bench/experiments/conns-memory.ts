/**
 * Where the memory of more connections goes: RSS, V8 heap, external/ArrayBuffer memory per connection, and
 * the heap objects by kind (heap snapshot diff). Usage: run.mjs conns-memory <ours|natsjs> [N=100]
 */
import { connect } from "@nats-stack/core";
import { connect as jsConnect } from "@nats-io/transport-node";
import { startServer } from "@nats-stack/fixtures/nats-server";
import { writeHeapSnapshot } from "node:v8";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function byCtor(file: string): Map<string, { n: number; size: number }> {
  const snap = JSON.parse(readFileSync(file, "utf8"));
  const f = snap.snapshot.meta.node_fields as string[];
  const types = snap.snapshot.meta.node_types[0] as string[];
  const nf = f.length;
  const iType = f.indexOf("type"), iName = f.indexOf("name"), iSize = f.indexOf("self_size");
  const out = new Map<string, { n: number; size: number }>();
  const nodes = snap.nodes as number[];
  for (let i = 0; i < nodes.length; i += nf) {
    const t = types[nodes[i + iType]!]!;
    const name = t === "object" || t === "closure" ? `${t}:${snap.strings[nodes[i + iName]!]}` : t;
    const e = out.get(name) ?? { n: 0, size: 0 };
    e.n++;
    e.size += nodes[i + iSize]!;
    out.set(name, e);
  }
  return out;
}

async function main() {
  const which = process.argv[2]!;
  const N = Number(process.argv[3] ?? 100);
  const srv = await startServer({});
  const c: any = which === "ours" ? connect : jsConnect;
  const conns = [await c({ servers: srv.url })];
  await conns[0].flush();
  const gc = (globalThis as any).gc;
  gc(); gc();
  const m0 = process.memoryUsage();
  const s0 = writeHeapSnapshot(join(tmpdir(), `${which}-0.heapsnapshot`));
  for (let i = 0; i < N; i++) conns.push(await c({ servers: srv.url }));
  await Promise.all(conns.map((x: any) => x.flush()));
  gc(); gc();
  const m1 = process.memoryUsage();
  const s1 = writeHeapSnapshot(join(tmpdir(), `${which}-1.heapsnapshot`));
  const k = (x: number) => ((x / N / 1024).toFixed(1) + " KiB").padStart(10);
  console.log(`${which}: per connection rss ${k(m1.rss - m0.rss)} heapUsed ${k(m1.heapUsed - m0.heapUsed)} heapTotal ${k(m1.heapTotal - m0.heapTotal)} external ${k(m1.external - m0.external)} arrayBuffers ${k(m1.arrayBuffers - m0.arrayBuffers)}`);
  const a = byCtor(s0), b = byCtor(s1);
  const rows = [...b].map(([name, v]) => ({ name, n: (v.n - (a.get(name)?.n ?? 0)) / N, size: (v.size - (a.get(name)?.size ?? 0)) / N }));
  rows.sort((x, y) => y.size - x.size);
  for (const r of rows.slice(0, 22)) console.log(`  ${r.size.toFixed(0).padStart(7)} B  ${r.n.toFixed(1).padStart(6)} objs  ${r.name}`);
  rmSync(s0);
  rmSync(s1);
  process.exit(0);
}
main();
