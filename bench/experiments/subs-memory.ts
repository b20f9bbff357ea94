/**
 * What one callback subscription costs on the JS heap, by object kind (heap snapshot diff over 10k).
 * Usage: run.mjs subs-memory <ours|natsjs>
 */
import { connect } from "@nats-stack/core";
import { connect as jsConnect } from "@nats-io/transport-node";
import { startServer } from "@nats-stack/fixtures/nats-server";
import { writeHeapSnapshot } from "node:v8";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function byCtor(file: string) {
  const snap = JSON.parse(readFileSync(file, "utf8"));
  const f = snap.snapshot.meta.node_fields as string[];
  const types = snap.snapshot.meta.node_types[0] as string[];
  const nf = f.length, iType = f.indexOf("type"), iName = f.indexOf("name"), iSize = f.indexOf("self_size");
  const out = new Map<string, { n: number; size: number }>();
  const nodes = snap.nodes as number[];
  for (let i = 0; i < nodes.length; i += nf) {
    const t = types[nodes[i + iType]!]!;
    const nm = snap.strings[nodes[i + iName]!] as string;
    const name = t === "object" || t === "closure" ? `${t}:${nm}` : t === "string" || t === "concatenated string" || t === "sliced string" ? `${t}` : t;
    const e = out.get(name) ?? { n: 0, size: 0 };
    e.n++; e.size += nodes[i + iSize]!;
    out.set(name, e);
  }
  return out;
}
async function main() {
  const which = process.argv[2]!;
  const N = 10000;
  const srv = await startServer({});
  const nc: any = await (which === "ours" ? connect : jsConnect)({ servers: srv.url });
  const subjects = Array.from({ length: N }, (_, i) => `subs.mem.${i}`);
  const subs = new Array(N).fill(null);
  const cb = () => {};
  await nc.flush();
  const gc = (globalThis as any).gc; gc(); gc();
  const h0 = process.memoryUsage().heapUsed;
  const s0 = writeHeapSnapshot(join(tmpdir(), `subs-${which}-0.heapsnapshot`));
  for (let i = 0; i < N; i++) subs[i] = nc.subscribe(subjects[i], { callback: cb });
  await nc.flush();
  gc(); gc();
  const h1 = process.memoryUsage().heapUsed;
  const s1 = writeHeapSnapshot(join(tmpdir(), `subs-${which}-1.heapsnapshot`));
  console.log(`${which}: heapUsed ${((h1 - h0) / N).toFixed(0)} B per subscription`);
  const a = byCtor(s0), b = byCtor(s1);
  const rows = [...b].map(([name, v]) => ({ name, n: (v.n - (a.get(name)?.n ?? 0)) / N, size: (v.size - (a.get(name)?.size ?? 0)) / N }));
  rows.sort((x, y) => y.size - x.size);
  for (const r of rows.slice(0, 16)) if (Math.abs(r.size) >= 4) console.log(`  ${r.size.toFixed(0).padStart(6)} B  ${r.n.toFixed(2).padStart(6)} objs  ${r.name}`);
  rmSync(s0);
  rmSync(s1);
  process.exit(0);
}
main();
