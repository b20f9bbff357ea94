// Runs benchmarks: each bench file is bundled with esbuild (tsx's on-the-fly transform distorts timings)
// and run in its own node process with --expose-gc so it can measure allocations.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const benches = {
  parse: "parse.bench.ts",
  core: "core.bench.ts",
  jetstream: "jetstream.bench.ts",
  kvobj: "kvobj.bench.ts",
  "bun-transport": "bun-transport.bench.ts",
  "bundle-size": "bundle-size.bench.ts",
};
// Helper programs the benchmarks start in their own processes.
const helpers = { "raw-publisher": "src/raw-publisher.ts", responder: "src/responder.ts" };
// The per-process contenders of core.bench.ts: one bundle per client, so each process loads one client.
Object.assign(helpers, { "contender-ours": "contenders/ours.ts", "contender-nats-js": "contenders/nats-js.ts" });
helpers["jetstream-worker"] = "src/jetstream-worker.ts";
Object.assign(helpers, { "contender-kvobj-ours": "contenders/kvobj-ours.ts", "contender-kvobj-nats-js": "contenders/kvobj-nats-js.ts" });

const which = process.argv[2] ?? "all";
const names = which === "all" ? Object.keys(benches) : which.split(",");
for (const n of names) {
  if (!benches[n]) {
    console.error(`unknown benchmark '${n}'; known: ${Object.keys(benches).join(", ")}, all`);
    process.exit(2);
  }
}

function bundle(file, name) {
  const outfile = join(here, ".build", `${name}.cjs`);
  return build({
    entryPoints: [join(here, file)],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    // Benchmarks that build bundles themselves (bun-transport, bundle-size) load esbuild at run time.
    external: ["esbuild"],
    tsconfig: join(here, "tsconfig.json"),
    logLevel: "warning",
  }).then(() => outfile);
}

// The nats.go reference of the JetStream benchmark, built offline against Debian's nats.go when Go is there.
function buildGo() {
  if (!existsSync("/usr/share/gocode/src/github.com/nats-io/nats.go/nats.go")) return;
  const r = spawnSync("go", ["build", "-o", join(here, ".build", "jsbench"), "."], {
    cwd: join(here, "go", "jsbench"),
    env: { ...process.env, GO111MODULE: "off", GOPROXY: "off", GOFLAGS: "", GOPATH: "/usr/share/gocode", GOCACHE: join(here, ".build", "go-cache") },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (r.status !== 0) console.error("jetstream bench: nats.go reference not built (go build failed); it is left out");
}

mkdirSync(join(here, ".build"), { recursive: true });
for (const [n, file] of Object.entries(helpers)) await bundle(file, n);
if (names.includes("jetstream")) buildGo();
let failed = 0;
for (const n of names) {
  const out = await bundle(benches[n], n);
  const r = spawnSync(process.execPath, ["--expose-gc", "--max-semi-space-size=64", out, ...process.argv.slice(3)], {
    stdio: "inherit",
    cwd: here,
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
