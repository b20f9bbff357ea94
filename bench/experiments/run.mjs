// Runs the profiling experiments behind results/profile-notes.md. Usage:
//   node bench/experiments/run.mjs <experiment> [args…]      bundle experiments/<experiment>.ts and run it
//   node bench/experiments/run.mjs --variant <what-if>…       build .build/exp/ours-<what-if>.cjs: the ours
//                                                             contender with core patched (what-ifs.mjs)
// Experiments import core's internals by path (they measure pieces of it); after core's source moves,
// fix the paths. Nothing here runs in the test suite.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { whatIfPlugin } from "./what-ifs.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const bench = join(here, "..");
const out = join(bench, ".build", "exp");
// Experiments that bundle (bundle-what-ifs) load esbuild at run time.
const common = { bundle: true, platform: "node", format: "cjs", target: "node20", tsconfig: join(bench, "tsconfig.json"), logLevel: "warning", external: ["esbuild"] };

const [first, ...rest] = process.argv.slice(2);
if (first === "--variant") {
  for (const name of rest) {
    await build({ ...common, entryPoints: [join(bench, "contenders/ours.ts")], outfile: join(out, `ours-${name}.cjs`), plugins: [whatIfPlugin([name])] });
    console.log(join(out, `ours-${name}.cjs`));
  }
  // The plain contenders too, to compare with.
  await build({ ...common, entryPoints: [join(bench, "contenders/ours.ts")], outfile: join(bench, ".build", "contender-ours.cjs") });
  await build({ ...common, entryPoints: [join(bench, "contenders/nats-js.ts")], outfile: join(bench, ".build", "contender-nats-js.cjs") });
} else if (first) {
  const outfile = join(out, `${first}.cjs`);
  await build({ ...common, entryPoints: [join(here, `${first}.ts`)], outfile });
  const r = spawnSync(process.execPath, ["--expose-gc", outfile, ...rest], { stdio: "inherit" });
  process.exit(r.status ?? 1);
} else {
  console.error("usage: run.mjs <experiment> [args…] | --variant <what-if>…");
  process.exit(2);
}
