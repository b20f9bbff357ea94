// Builds the package in the current directory: an ESM bundle per entry point with esbuild (dependencies
// on other packages stay imports) and type declarations with tsc.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
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
  // Runtime modules (node:*, cloudflare:sockets) are the runtime's own.
  external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {}), "node:*", "cloudflare:*"],
  logLevel: "warning",
});
const tsc = join(cwd, "..", "..", "node_modules", ".bin", "tsc");
// Packages that import other workspace packages have a tsconfig.build.json that resolves them through
// node_modules (their built declarations) instead of the source paths used for type checking.
const project = existsSync(join(cwd, "tsconfig.build.json")) ? "tsconfig.build.json" : "tsconfig.json";
const r = spawnSync(tsc, ["-p", project, "--emitDeclarationOnly", "--declaration", "--outDir", "dist/types", "--noEmit", "false"], {
  cwd,
  stdio: "inherit",
});
process.exit(r.status ?? 1);
