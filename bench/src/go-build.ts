/**
 * Builds the nats.go contender (bench/go/natsgo-bench) offline, as the fixtures' Go driver is built: GOPATH
 * mode on Debian's golang-github-nats-io-go-nats-dev in /usr/share/gocode, no module proxy. One file,
 * bench/go/nats-hook/bench_hook.go, is added to the nats package by `go build -overlay`, which gives the
 * parser shapes a handle on nats.go's unexported parser without copying or patching it. The binary is cached
 * in bench/.build/bin and rebuilt when a Go source is newer.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const GOPATH = "/usr/share/gocode";
const NATS_GO_DIR = join(GOPATH, "src/github.com/nats-io/nats.go");

/**
 * bench/: the nearest folder above this file holding core.bench.ts (this file runs from bench/src under jest,
 * from bench/.build or bench/.build/exp when bundled).
 */
export const benchDir = ((): string => {
  for (let d = __dirname; d !== dirname(d); d = dirname(d)) if (existsSync(join(d, "core.bench.ts"))) return d;
  throw new Error(`bench/ not found above ${__dirname}`);
})();

/** Why the nats.go contender cannot be built here, or undefined when it can. */
export function goUnavailable(): string | undefined {
  try {
    execFileSync("go", ["version"], { stdio: "ignore" });
  } catch {
    return "the go command is missing (scripts/setup.sh installs golang-go)";
  }
  if (!existsSync(join(NATS_GO_DIR, "nats.go"))) {
    return `nats.go is missing from ${NATS_GO_DIR} (scripts/setup.sh installs golang-github-nats-io-go-nats-dev)`;
  }
  return undefined;
}

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Path of the natsgo-bench binary, built if missing or older than its sources. Throws when Go is missing. */
export function natsGoBench(): string {
  const why = goUnavailable();
  if (why) throw new Error(why);
  const build = join(benchDir, ".build");
  const bin = join(build, "bin/natsgo-bench");
  const src = join(benchDir, "go");
  if (existsSync(bin) && statSync(bin).mtimeMs >= newestMtime(src)) return bin;
  mkdirSync(join(build, "bin"), { recursive: true });
  const overlay = join(build, "go-overlay.json");
  writeFileSync(
    overlay,
    JSON.stringify({ Replace: { [join(NATS_GO_DIR, "zz_nats_stack_bench_hook.go")]: join(src, "nats-hook/bench_hook.go") } }),
  );
  execFileSync("go", ["build", "-overlay", overlay, "-o", bin, "."], {
    cwd: join(src, "natsgo-bench"),
    env: {
      ...process.env,
      GO111MODULE: "off",
      GOPROXY: "off",
      GOFLAGS: "",
      GOPATH,
      GOCACHE: process.env.GOCACHE ?? join(build, "go-cache"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return bin;
}

/** nats.go's version as the contender reports it (`1.22.1`). */
export function natsGoVersion(bin: string): string {
  return execFileSync(bin, ["version"], { encoding: "utf8" }).trim();
}
