/**
 * Which transport the Bun entry uses: our client over Bun's `node:net` emulation versus over Bun's native
 * `Bun.connect`, each round in its own Bun process, interleaved (node, native, native, node, …), medians of
 * 5 rounds and of per-round ratios. Needs `bun` (a root dev dependency).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { startServer } from "@nats-stack/fixtures/nats-server";
import { interleave, median, report, type Row } from "./src/harness";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
// Run bundled from bench/.build (see run.mjs).
const benchDir = join(__dirname, "..");
const root = join(benchDir, "..");
const bun = join(root, "node_modules", ".bin", "bun");

async function main(): Promise<void> {
  const runner = join(benchDir, ".build", "bun-transport-run.mjs");
  buildSync({
    entryPoints: [join(benchDir, "src", "bun-transport-run.ts")],
    outfile: runner,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "es2022",
    tsconfig: join(benchDir, "tsconfig.json"),
    logLevel: "warning",
  });
  const srv = await startServer({ config: "max_pending: 512MB\nwrite_deadline: \"30s\"\n" });
  const samples: Record<"node" | "native", Array<{ pub: number; pubsub: number; req: number }>> = { node: [], native: [] };
  const run = (which: "node" | "native"): number => {
    const r = spawnSync(bun, [runner, which, srv.url], { encoding: "utf8", timeout: 120_000 });
    if (r.status !== 0) throw new Error(`bun ${which} failed: ${r.stderr}`);
    samples[which].push(JSON.parse(r.stdout.trim().split("\n").pop()!));
    return 0;
  };
  try {
    run("node");
    run("native");
    samples.node.length = 0;
    samples.native.length = 0;
    await interleave(ROUNDS, { node: () => run("node"), native: () => run("native") });
  } finally {
    await srv.stop();
  }
  const version = spawnSync(bun, ["--version"], { encoding: "utf8" }).stdout.trim();
  const rows: Row[] = (["pub", "pubsub", "req"] as const).map((k) => {
    const ratios = samples.native.map((s, i) => s[k] / samples.node[i]![k]);
    return {
      benchmark: { pub: "pub-only 16 B x 500k", pubsub: "pub+sub 16 B x 200k (two connections)", req: "sequential requests x 5000" }[k],
      unit: { pub: "msgs/s", pubsub: "msgs/s", req: "req/s" }[k],
      "node:net": Math.round(median(samples.node.map((s) => s[k]))),
      "Bun.connect": Math.round(median(samples.native.map((s) => s[k]))),
      "native/node:net": median(ratios),
    };
  });
  report("bun-transport", `Our client under Bun ${version}: node:net emulation vs native Bun.connect`, rows, [
    `median of ${ROUNDS} interleaved rounds, each in its own Bun process; ratio column: median of per-round ratios (> 1: native faster)`,
    "one nats-server 2.9.10 on loopback; the machine is shared, so read the ratios rather than the absolute numbers",
  ]);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
