/**
 * Bundle size of browser apps (bench/src/bundle-apps), with ours and with nats.js v3: a core app doing
 * wsconnect + subscribe + publish + request, a core + jetstream app and a core + kv app. esbuild, minified,
 * ESM for browsers, then gzip -9. Not a speed benchmark and not a test: it prints the sizes and the biggest
 * inputs of our core bundle, and writes bench/results/bundle-size.md. Target: ours <= 12 KB gzip (core app).
 */
import { gzipSync } from "node:zlib";
import { join, relative } from "node:path";
import { build, type Metafile } from "esbuild";
import { report, type Row } from "./src/harness";

// Run bundled from bench/.build (see run.mjs).
const benchDir = join(__dirname, "..");
const root = join(benchDir, "..");
const TARGET_GZIP = 12 * 1024;

async function measure(app: string): Promise<{ min: number; gzip: number; meta: Metafile }> {
  const r = await build({
    entryPoints: [join(benchDir, "src", "bundle-apps", app)],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    tsconfig: join(benchDir, "tsconfig.json"),
    // The packages resolve to their sources through tsconfig paths; core's root as a browser gets it (its
    // package's "browser" condition): the ws entry.
    plugins: [
      {
        name: "core-browser-entry",
        setup(b) {
          b.onResolve({ filter: /^@nats-stack\/core$/ }, () => ({ path: join(root, "packages/core/src/entries/ws.ts") }));
        },
      },
    ],
    // nats.js's object store imports node:crypto (its "native" SHA-256 backend): for a browser bundle esbuild
    // refuses it unless it is left external. Ours imports no runtime module, so this changes nothing for it.
    external: ["node:*"],
    logLevel: "error",
  });
  const out = r.outputFiles[0]!.contents;
  return { min: out.length, gzip: gzipSync(out, { level: 9 }).length, meta: r.metafile };
}

async function main(): Promise<void> {
  const ours = await measure("ours.ts");
  const theirs = await measure("nats-js.ts");
  const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
  const row = (app: string, client: string, m: { min: number; gzip: number }): Row => ({ app, client, "minified KB": kb(m.min), "gzip -9 KB": kb(m.gzip) });
  const rows: Row[] = [
    row("core", "ours (@nats-stack/core/ws)", ours),
    row("core", "nats.js v3 (@nats-io/nats-core 3.4.0)", theirs),
    row("core + jetstream", "ours (+ @nats-stack/jetstream)", await measure("ours-jetstream.ts")),
    row("core + jetstream", "nats.js v3 (+ @nats-io/jetstream 3.4.0)", await measure("nats-js-jetstream.ts")),
    row("core + kv", "ours (+ @nats-stack/jetstream/kv)", await measure("ours-kv.ts")),
    row("core + kv", "nats.js v3 (+ @nats-io/kv 3.4.0)", await measure("nats-js-kv.ts")),
    row("core + obj", "ours (+ @nats-stack/jetstream/obj)", await measure("ours-obj.ts")),
    row("core + obj", "nats.js v3 (+ @nats-io/obj 3.4.0)", await measure("nats-js-obj.ts")),
  ];
  // What our bundle is made of: minified bytes per source file, largest first.
  const out = Object.values(ours.meta.outputs)[0]!;
  const inputs = Object.entries(out.inputs)
    .map(([f, v]) => [relative(root, join(benchDir, f)).replace(/^(\.\.\/)+/, ""), v.bytesInOutput] as const)
    .sort((a, b) => b[1] - a[1]);
  const top = inputs.slice(0, 12).map(([f, n]) => `${f} ${kb(n)} KB`);
  const verdict = ours.gzip <= TARGET_GZIP ? "met" : "NOT met";
  report("bundle-size", "Bundle size of browser apps, minified, gzip -9", rows, [
    "core: wsconnect + subscribe + publish + request; core + jetstream: wsconnect, a stream and a durable consumer, a publish, an ordered consume and a fetch with acks; core + kv: wsconnect, a bucket, put, get, a watch and the keys; core + obj: wsconnect, a store, putBlob, a streamed get, the list (the same program for both clients; bench/src/bundle-apps/*.ts)",
    `target (core app): ours <= 12 KB gzip (${verdict}); esbuild, ESM, platform browser, es2022, node:* left external (nats.js's object store imports node:crypto, which esbuild refuses in a browser bundle otherwise; ours imports no runtime module)`,
    `largest inputs of ours (minified bytes before gzip): ${top.join(", ")}`,
  ]);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
