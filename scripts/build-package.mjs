// Builds the package in the current directory: an ESM bundle per entry point with esbuild (dependencies
// on other packages stay imports) and type declarations with tsc (`--no-types` leaves them out), their
// relative imports made fully specified for Node's ESM resolution (build/fully-specified-declarations.mjs).
// A package may add `nats_stack_build`: `platform` (default "neutral"), `external` (more imports to keep,
// e.g. optional peers its example programs use) and `dirnameShim` (define `__dirname` in each ESM file, for
// code that finds files shipped next to it).
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fullySpecifyDeclarations } from "./build/fully-specified-declarations.mjs";

const cwd = process.cwd();
const pkg = JSON.parse(readFileSync(join(cwd, "package.json"), "utf8"));
const entries = pkg.nats_stack_entries ?? { index: "src/index.ts" };
const extra = pkg.nats_stack_build ?? {};
const dirnameShim =
  'import { fileURLToPath as __nsUrlToPath } from "node:url"; import { dirname as __nsDirname } from "node:path"; ' +
  "const __dirname = __nsDirname(__nsUrlToPath(import.meta.url));";
rmSync(join(cwd, "dist"), { recursive: true, force: true });
await build({
  entryPoints: entries,
  outdir: "dist",
  bundle: true,
  format: "esm",
  platform: extra.platform ?? "neutral",
  target: "es2022",
  sourcemap: true,
  splitting: Object.keys(entries).length > 1,
  // Runtime modules (node:*, cloudflare:sockets) are the runtime's own.
  external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {}), ...(extra.external ?? []), "node:*", "cloudflare:*"],
  ...(extra.dirnameShim ? { banner: { js: dirnameShim } } : {}),
  logLevel: "warning",
});
if (process.argv.includes("--no-types")) process.exit(0);
// The workspace root holds tsc (packages/* sit two levels below it, fixtures/ one).
let root = cwd;
while (!existsSync(join(root, "pnpm-workspace.yaml")) && dirname(root) !== root) root = dirname(root);
const tsc = join(root, "node_modules", ".bin", "tsc");
// Packages that import other workspace packages have a tsconfig.build.json that resolves them through
// node_modules (their built declarations) instead of the source paths used for type checking.
const project = existsSync(join(cwd, "tsconfig.build.json")) ? "tsconfig.build.json" : "tsconfig.json";
const r = spawnSync(tsc, ["-p", project, "--emitDeclarationOnly", "--declaration", "--outDir", "dist/types", "--noEmit", "false"], {
  cwd,
  stdio: "inherit",
});
if (r.status !== 0) process.exit(r.status ?? 1);
fullySpecifyDeclarations(join(cwd, "dist", "types"));
