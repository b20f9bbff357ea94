/**
 * Bundle size of a browser app doing wsconnect + subscribe + publish + request (bench/src/bundle-apps),
 * with ours and with nats.js v3: esbuild, minified, ESM for browsers, then gzip -9. Not a speed benchmark
 * and not a test: it prints the sizes and the biggest inputs of our bundle, and writes
 * bench/results/bundle-size.md. Target: ours <= 12 KB gzip.
 */
import { gzipSync } from "node:zlib";
import { join, relative } from "node:path";
import { buildSync, type Metafile } from "esbuild";
import { report, type Row } from "./src/harness";

// Run bundled from bench/.build (see run.mjs).
const benchDir = join(__dirname, "..");
const root = join(benchDir, "..");
const TARGET_GZIP = 12 * 1024;

function measure(app: string): { min: number; gzip: number; meta: Metafile } {
  const r = buildSync({
    entryPoints: [join(benchDir, "src", "bundle-apps", app)],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    tsconfig: join(benchDir, "tsconfig.json"),
    logLevel: "error",
  });
  const out = r.outputFiles[0]!.contents;
  return { min: out.length, gzip: gzipSync(out, { level: 9 }).length, meta: r.metafile };
}

const ours = measure("ours.ts");
const theirs = measure("nats-js.ts");
const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
const rows: Row[] = [
  { client: "ours (@nats-stack/core/ws)", "minified KB": kb(ours.min), "gzip -9 KB": kb(ours.gzip) },
  { client: "nats.js v3 (@nats-io/nats-core 3.4.0)", "minified KB": kb(theirs.min), "gzip -9 KB": kb(theirs.gzip) },
];
// What our bundle is made of: minified bytes per source file, largest first.
const out = Object.values(ours.meta.outputs)[0]!;
const inputs = Object.entries(out.inputs)
  .map(([f, v]) => [relative(root, join(benchDir, f)).replace(/^(\.\.\/)+/, ""), v.bytesInOutput] as const)
  .sort((a, b) => b[1] - a[1]);
const top = inputs.slice(0, 12).map(([f, n]) => `${f} ${kb(n)} KB`);
const verdict = ours.gzip <= TARGET_GZIP ? "met" : "NOT met";
report("bundle-size", "Bundle size: wsconnect + subscribe + publish + request, minified, gzip -9", rows, [
  `target: ours <= 12 KB gzip (${verdict}); esbuild, ESM, platform browser, es2022; the app is bench/src/bundle-apps/*.ts`,
  `largest inputs of ours (minified bytes before gzip): ${top.join(", ")}`,
]);
