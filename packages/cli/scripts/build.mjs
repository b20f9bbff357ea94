// Bundles the command line into one executable file: every workspace package, fixtures (the tour's fake
// STAN server, the conformance kit) and the CLI libraries are inlined, so `dist/nats-stack.cjs` runs with
// nothing installed. nats.js stays outside: `bench --compare nats.js` loads it only when asked (optional
// dependencies). The conformance kit's transcripts are copied beside the executable (`fixtures/transcripts`),
// where `nats-stack conform` points the kit.
// Usage: node scripts/build.mjs [--outfile PATH]
import { build } from "esbuild";
import { chmodSync, cpSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = join(dirname(fileURLToPath(import.meta.url)), "..");
const i = process.argv.indexOf("--outfile");
const outfile = i > 0 ? resolve(process.argv[i + 1]) : join(here, "dist", "nats-stack.cjs");

await build({
  entryPoints: [join(here, "src", "main.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  // Resolves @nats-stack/* to their sources through the workspace's tsconfig paths.
  tsconfig: join(here, "tsconfig.json"),
  banner: { js: "#!/usr/bin/env node" },
  external: ["@nats-io/transport-node", "@nats-io/jetstream"],
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
});
chmodSync(outfile, 0o755);

// The corpus the conformance kit plays (core, jetstream, stan, stan-scripted), as the fixtures package ships it.
const corpus = join(dirname(outfile), "fixtures", "transcripts");
rmSync(corpus, { recursive: true, force: true });
cpSync(join(here, "..", "..", "fixtures", "transcripts"), corpus, { recursive: true });
