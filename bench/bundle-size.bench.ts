/**
 * Bundle size of a browser app doing wsconnect + subscribe + publish + request (bench/src/bundle-apps),
 * with ours and with nats.js v3: esbuild, minified, ESM for browsers, then gzip -9. Not a speed benchmark
 * and not a test: it prints the sizes, the ratio to nats.js and what each module of ours contributes, and
 * writes bench/results/bundle-size.{md,json}. Target: ours <= 12 KB gzip. Also the same comparison for a
 * core + jetstream, a core + kv and a core + obj app.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { measureBundle, type BundleMeasure } from "./src/bundle-measure";

// Run bundled from bench/.build (see run.mjs).
const benchDir = join(__dirname, "..");
const root = join(benchDir, "..");
const TARGET_GZIP = 12 * 1024;

const measure = (app: string): Promise<BundleMeasure> =>
  measureBundle(join(benchDir, "src", "bundle-apps", app), root, join(benchDir, "tsconfig.json"), {
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
  });

/** The apps on top of core: each written once per client (bench/src/bundle-apps/<client>-<app>.ts). */
const UPPER_APPS = [
  ["core + jetstream", "jetstream", "wsconnect, a stream and a durable consumer, a publish, an ordered consume and a fetch with acks"],
  ["core + kv", "kv", "wsconnect, a bucket, put, get, a watch and the keys"],
  ["core + obj", "obj", "wsconnect, a store, putBlob, a streamed get, the list"],
] as const;

async function main(): Promise<void> {
  const ours = await measure("ours.ts");
  const theirs = await measure("nats-js.ts");
  const kb = (n: number) => (Math.round((n / 1024) * 10) / 10).toFixed(1);
  const ratio = (a: number, b: number) => (a / b).toFixed(2);

  const table = (cols: string[], rows: string[][]) => [
    `| ${cols.join(" | ")} |`,
    `| ${cols.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
  const short = (f: string) => f.replace(/^packages\//, "").replace(/\/src\//, "/");

  const clients = [
    ["ours (@nats-stack/core/ws)", kb(ours.min), kb(ours.gzip), ratio(ours.gzip, theirs.gzip)],
    ["nats.js v3 (@nats-io/nats-core 3.4.0)", kb(theirs.min), kb(theirs.gzip), "1.00"],
  ];
  const modules = ours.modules
    .filter((m) => m.min > 0)
    .map((m) => [short(m.file), String(m.min), String(m.gzip), m.importedBy.map(short).join(", ")]);
  const upper: string[][] = [];
  for (const [label, app] of UPPER_APPS) {
    const o = await measure(`ours-${app}.ts`);
    const t = await measure(`nats-js-${app}.ts`);
    upper.push([label, kb(o.min), kb(o.gzip), kb(t.min), kb(t.gzip), ratio(o.gzip, t.gzip)]);
  }
  const verdict = ours.gzip <= TARGET_GZIP ? "met" : "NOT met";
  const lines = [
    "## Bundle size: wsconnect + subscribe + publish + request, minified, gzip -9",
    "",
    ...table(["client", "minified KB", "gzip -9 KB", "gzip vs nats.js"], clients),
    "",
    `- target: ours <= 12 KB gzip (${verdict}: ${ours.gzip} bytes); esbuild, one ESM file, platform browser, es2022; the app is bench/src/bundle-apps/*.ts`,
    "- per module of ours, largest first: minified bytes (esbuild's metafile), and the gzip bytes the bundle loses without that module's code (found through the source map; gzip shares repeats across modules, so the column does not add up to the total); imported by: the modules of the bundle that import it",
    "",
    ...table(["module", "minified B", "gzip share B", "imported by"], modules),
    "",
    "## Apps on the upper packages (same measure; the same program for both clients)",
    "",
    ...table(["app", "ours minified KB", "ours gzip KB", "nats.js minified KB", "nats.js gzip KB", "gzip vs nats.js"], upper),
    "",
    ...UPPER_APPS.map(([label, , what]) => `- ${label}: ${what}`),
    "",
  ];
  const text = lines.join("\n");
  console.log(text);
  const dir = join(benchDir, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "bundle-size.md"), text);
  const json = {
    name: "bundle-size",
    date: new Date().toISOString(),
    node: process.version,
    targetGzip: TARGET_GZIP,
    ours: { min: ours.min, gzip: ours.gzip, modules: ours.modules },
    natsJs: { min: theirs.min, gzip: theirs.gzip },
    gzipRatio: ours.gzip / theirs.gzip,
    upperApps: upper.map(([app, oMin, oGz, tMin, tGz]) => ({ app, ours: { minKB: Number(oMin), gzipKB: Number(oGz) }, natsJs: { minKB: Number(tMin), gzipKB: Number(tGz) } })),
  };
  writeFileSync(join(dir, "bundle-size.json"), JSON.stringify(json, null, 2) + "\n");
}

void main();
