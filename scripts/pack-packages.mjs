// Builds and packs the published packages the way a release does, into tarballs a user's `npm install` takes:
// @nats-stack/wire, core, jetstream, streaming (scripts/build-package.mjs: ESM bundles and declarations) and
// the `nats-stack` CLI (packages/cli/scripts/build.mjs: one executable). Everything is built in a temporary
// copy of the workspace, so builds of the real packages running at the same time are not disturbed.
// `pnpm pack` packs (it is what `pnpm publish` ships): it turns `workspace:` ranges into real version ranges,
// which `npm pack` leaves as they are (an npm user could not install them).
// Usage: node scripts/pack-packages.mjs --out DIR [name...]   (prints one JSON line: { name: tarball path })
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The library packages in build order (each one's workspace dependencies come before it). */
export const LIBRARIES = ["wire", "core", "jetstream", "streaming"];

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} in ${cwd} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/**
 * Links what a package of the copy resolves: workspace packages to their copies (or, for one not copied such
 * as @nats-stack/fixtures, to the real one: `pnpm pack` reads its version to write the range), the rest to
 * the real install.
 */
function linkDependencies(dir, real, copies) {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const names = new Set(Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.devDependencies, ...pkg.optionalDependencies }));
  for (const name of names) {
    const to = copies[name] ?? join(real, "node_modules", name);
    if (!existsSync(to)) continue;
    const at = join(dir, "node_modules", name);
    mkdirSync(dirname(at), { recursive: true });
    symlinkSync(copies[name] ?? realpathSync(to), at);
  }
}

/** Packs `dir` with pnpm into `out`; returns the tarball's path. */
function pnpmPack(dir, out) {
  const before = new Set(readdirSync(out));
  run("pnpm", ["pack", "--pack-destination", out], dir);
  const made = readdirSync(out).filter((f) => f.endsWith(".tgz") && !before.has(f));
  if (made.length !== 1) throw new Error(`pnpm pack in ${dir} made ${made.length} tarballs`);
  return join(out, made[0]);
}

/**
 * Builds and packs `names` (short names: wire, core, jetstream, streaming, cli; default all) into `out`.
 * Returns { "@nats-stack/core": "/…/nats-stack-core-0.1.0.tgz", … }.
 */
export function packPackages(out, names = [...LIBRARIES, "cli"]) {
  mkdirSync(out, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), "nats-stack-pack-"));
  try {
    // A workspace-like copy: the root's node_modules (esbuild, tsc, @types), base tsconfig and build script.
    symlinkSync(join(root, "node_modules"), join(tmp, "node_modules"));
    cpSync(join(root, "tsconfig.base.json"), join(tmp, "tsconfig.base.json"));
    cpSync(join(root, "package.json"), join(tmp, "package.json"));
    writeFileSync(join(tmp, "pnpm-workspace.yaml"), "packages:\n  - packages/*\n");
    cpSync(join(root, "scripts/build-package.mjs"), join(tmp, "scripts/build-package.mjs"));
    cpSync(join(root, "scripts/build"), join(tmp, "scripts/build"), { recursive: true });
    const copies = {};
    const tarballs = {};
    // A library needs the libraries below it built, packed or not.
    const last = Math.max(...names.map((n) => LIBRARIES.indexOf(n)));
    for (const short of LIBRARIES.slice(0, last + 1)) {
      const real = join(root, "packages", short);
      const dir = join(tmp, "packages", short);
      for (const f of readdirSync(real)) {
        if (["node_modules", "dist", "test", "coverage"].includes(f)) continue;
        cpSync(join(real, f), join(dir, f), { recursive: true });
      }
      const name = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name;
      copies[name] = dir;
      linkDependencies(dir, real, copies);
      run(process.execPath, [join(tmp, "scripts/build-package.mjs")], dir);
      if (names.includes(short)) tarballs[name] = pnpmPack(dir, out);
    }
    if (names.includes("cli")) {
      // The CLI bundles every package from the sources (tsconfig paths), so its build reads the real tree and
      // writes only into the copy.
      const real = join(root, "packages/cli");
      const dir = join(tmp, "packages/cli");
      mkdirSync(dir, { recursive: true });
      for (const f of ["package.json", "README.md", "LICENSE"]) cpSync(join(real, f), join(dir, f));
      linkDependencies(dir, real, copies);
      run(process.execPath, [join(real, "scripts/build.mjs"), "--outfile", join(dir, "dist/nats-stack.cjs")], real);
      tarballs[JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name] = pnpmPack(dir, out);
    }
    return tarballs;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const i = args.indexOf("--out");
  if (i < 0 || !args[i + 1]) {
    console.error("usage: node scripts/pack-packages.mjs --out DIR [wire|core|jetstream|streaming|cli ...]");
    process.exit(2);
  }
  const out = resolve(args[i + 1]);
  const names = args.filter((_, j) => j !== i && j !== i + 1);
  console.log(JSON.stringify(packPackages(out, names.length ? names : undefined)));
}
