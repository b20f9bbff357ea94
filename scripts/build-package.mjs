// Builds the package in the current directory: an ESM bundle per entry point with esbuild (dependencies
// on other packages stay imports) and type declarations with tsc.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const cwd = process.cwd();
const pkg = JSON.parse(readFileSync(join(cwd, "package.json"), "utf8"));
const entries = pkg.nats_stack_entries ?? { index: "src/index.ts" };
rmSync(join(cwd, "dist"), { recursive: true, force: true });
await build({
  entryPoints: entries,
  outdir: "dist",
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  sourcemap: true,
  splitting: Object.keys(entries).length > 1,
  external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {}), "node:*"],
  logLevel: "warning",
});
const tsc = join(cwd, "..", "..", "node_modules", ".bin", "tsc");
const r = spawnSync(tsc, ["-p", "tsconfig.json", "--emitDeclarationOnly", "--declaration", "--outDir", "dist/types", "--noEmit", "false"], {
  cwd,
  stdio: "inherit",
});
process.exit(r.status ?? 1);
