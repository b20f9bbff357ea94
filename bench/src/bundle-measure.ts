/**
 * Measures a browser bundle of one app the way bench/bundle-size.bench.ts reports it: esbuild, minified,
 * ESM, gzip -9, and what each source module contributes. Used by the benchmark and by the test that checks
 * what the bundle contains (bench/test/bundle-content.test.ts).
 *
 * Per-module figures: the minified bytes esbuild's metafile gives for each input, and its gzip share, found
 * by removing that module's bytes (located through the source map) from the output and compressing again:
 * what the bundle would lose without it, shared strings and all. The shares do not add up to the total,
 * since gzip finds repeats across modules.
 */
import { gzipSync } from "node:zlib";
import { join, relative } from "node:path";
import { build, type BuildOptions, type Metafile } from "esbuild";

/** One source module of a bundle. */
export interface ModuleShare {
  /** Path relative to the repository. */
  file: string;
  /** Minified bytes in the output (esbuild's `bytesInOutput`). */
  min: number;
  /** Gzip bytes the bundle loses without this module's code. */
  gzip: number;
  /** Modules that import it (repository-relative), the reasons it is in the bundle. */
  importedBy: string[];
}

/** A measured bundle. */
export interface BundleMeasure {
  /** The output (one file: every dynamic import is inlined). */
  code: string;
  min: number;
  gzip: number;
  modules: ModuleShare[];
  meta: Metafile;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Decodes a source map's `mappings` into, per generated line, the [column, source index] of each segment.
function decodeMappings(mappings: string): Array<Array<[number, number]>> {
  const lines: Array<Array<[number, number]>> = [];
  let src = 0;
  for (const line of mappings.split(";")) {
    const segs: Array<[number, number]> = [];
    let col = 0;
    for (const seg of line.split(",")) {
      if (!seg) continue;
      const vals: number[] = [];
      let v = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        v += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          vals.push(v & 1 ? -(v >>> 1) : v >>> 1);
          v = 0;
          shift = 0;
        }
      }
      col += vals[0]!;
      if (vals.length >= 4) src += vals[1]!;
      segs.push([col, vals.length >= 4 ? src : -1]);
    }
    lines.push(segs);
  }
  return lines;
}

const gz = (s: string | Uint8Array) => gzipSync(s, { level: 9 }).length;

/**
 * Bundles `entry` (minified ESM for browsers, es2022) and measures it. `root` is the repository (for
 * readable paths), `tsconfig` the one whose paths resolve the workspace packages.
 */
export async function measureBundle(entry: string, root: string, tsconfig: string, extra: BuildOptions = {}): Promise<BundleMeasure> {
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    sourcemap: "external",
    outfile: join(root, "bench", ".build", "bundle-measure.js"),
    tsconfig,
    logLevel: "error",
    ...extra,
  });
  const files = r.outputFiles!;
  const js = files.find((f) => f.path.endsWith(".js"))!;
  const map = JSON.parse(files.find((f) => f.path.endsWith(".map"))!.text) as { sources: string[]; mappings: string };
  const code = js.text;
  const meta = r.metafile!;
  // esbuild's paths are relative to the working directory; show them relative to the repository.
  const rel = (f: string) => relative(root, join(process.cwd(), f));
  const mapDir = join(root, "bench", ".build");
  const srcRel = map.sources.map((s) => relative(root, join(mapDir, s)));

  // Ranges of the output (string offsets) per source.
  const ranges = new Map<string, Array<[number, number]>>();
  const lines = code.split("\n");
  const decoded = decodeMappings(map.mappings);
  let lineStart = 0;
  lines.forEach((text, li) => {
    const segs = decoded[li] ?? [];
    for (let k = 0; k < segs.length; k++) {
      const [col, s] = segs[k]!;
      if (s < 0) continue;
      const end = k + 1 < segs.length ? segs[k + 1]![0] : text.length;
      const f = srcRel[s]!;
      let a = ranges.get(f);
      if (!a) ranges.set(f, (a = []));
      a.push([lineStart + col, lineStart + end]);
    }
    lineStart += text.length + 1;
  });

  const total = gz(code);
  const importers = new Map<string, string[]>();
  for (const [f, input] of Object.entries(meta.inputs)) {
    for (const imp of input.imports) {
      const a = importers.get(rel(imp.path)) ?? [];
      a.push(rel(f));
      importers.set(rel(imp.path), a);
    }
  }
  const out = Object.values(meta.outputs).find((o) => o.entryPoint !== undefined)!;
  const inBundle = new Set(Object.keys(out.inputs).map(rel));
  const modules: ModuleShare[] = [];
  for (const [f, v] of Object.entries(out.inputs)) {
    const file = rel(f);
    const rs = ranges.get(file) ?? [];
    let without = "";
    let at = 0;
    for (const [a, b] of [...rs].sort((x, y) => x[0] - y[0])) {
      without += code.slice(at, a);
      at = Math.max(at, b);
    }
    without += code.slice(at);
    modules.push({ file, min: v.bytesInOutput, gzip: rs.length ? total - gz(without) : 0, importedBy: (importers.get(file) ?? []).filter((f) => inBundle.has(f)) });
  }
  modules.sort((a, b) => b.min - a.min);
  return { code, min: Buffer.byteLength(code), gzip: total, modules, meta };
}
