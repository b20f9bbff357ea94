// Bundles profile.ts (as run.mjs bundles the benchmarks: esbuild, CommonJS, node20) and runs it with the
// given arguments, after bundling the Node contenders from their current sources. See profile.ts for the usage.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const bundle = (file, name) =>
  build({
    entryPoints: [join(here, file)],
    outfile: join(here, ".build", `${name}.cjs`),
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    tsconfig: join(here, "tsconfig.json"),
    logLevel: "warning",
  });
// The contenders too, so a profile always runs the current sources.
await Promise.all([
  bundle("profile.ts", "profile"),
  bundle("contenders/ours.ts", "contender-ours"),
  bundle("contenders/nats-js.ts", "contender-nats-js"),
]);
const outfile = join(here, ".build", "profile.cjs");
const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(r.status ?? 1);
