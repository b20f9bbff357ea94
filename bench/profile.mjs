// Bundles profile.ts (as run.mjs bundles the benchmarks: esbuild, CommonJS, node20) and runs it with the
// given arguments, after bundling the Node contenders from their current sources. See profile.ts for the usage.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { whatIfPlugin } from "./experiments/what-ifs.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const bundle = (file, name, whatIf = []) =>
  build({
    entryPoints: [join(here, file)],
    outfile: join(here, ".build", `${name}.cjs`),
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    tsconfig: join(here, "tsconfig.json"),
    logLevel: "warning",
    plugins: whatIf.length ? [whatIfPlugin(whatIf)] : [],
  });
// `node bench/profile.mjs js <clients> <shape> …`: the JetStream and key-value shapes (profile-js.ts). A
// client `ours+<what-if>[+<what-if>…]` is ours with core patched by those what-ifs (bundled aside).
const js = process.argv[2] === "js";
const variants = js ? (process.argv[3] ?? "").split(",").filter((c) => c.startsWith("ours+")) : [];
// The contenders too, so a profile always runs the current sources.
await Promise.all(
  js
    ? [
        bundle("profile-js.ts", "profile-js"),
        bundle("src/jetstream-worker.ts", "jetstream-worker"),
        bundle("contenders/kvobj-ours.ts", "contender-kvobj-ours"),
        bundle("contenders/kvobj-nats-js.ts", "contender-kvobj-nats-js"),
        ...variants.flatMap((v) => {
          const names = v.split("+").slice(1);
          return [bundle("src/jetstream-worker.ts", `jetstream-worker-${v}`, names), bundle("contenders/kvobj-ours.ts", `contender-kvobj-${v}`, names)];
        }),
      ]
    : [bundle("profile.ts", "profile"), bundle("contenders/ours.ts", "contender-ours"), bundle("contenders/nats-js.ts", "contender-nats-js")],
);
const outfile = join(here, ".build", js ? "profile-js.cjs" : "profile.cjs");
const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(js ? 3 : 2)], { stdio: "inherit" });
process.exit(r.status ?? 1);
