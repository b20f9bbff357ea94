/**
 * The nats.go side of the key-value and object store interop tests: test/go/kvobj built offline against
 * Debian's nats.go (golang-github-nats-io-go-nats-dev, installed by scripts/setup.sh) into a temp dir, rebuilt
 * when its sources change, and run once per command.
 */
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const GOPATH = "/usr/share/gocode";
const SRC = join(__dirname, "..", "go", "kvobj");

let built: string | undefined;

/** Path of the kvobj binary, built on first use. */
export function kvobjBinary(): string {
  if (built) return built;
  const h = createHash("sha256");
  for (const f of readdirSync(SRC).sort()) h.update(readFileSync(join(SRC, f)));
  const dir = join(tmpdir(), `nats-stack-kvobj-${h.digest("hex").slice(0, 16)}`);
  const bin = join(dir, "kvobj");
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    execFileSync("go", ["build", "-o", bin, "."], {
      cwd: SRC,
      env: { ...process.env, GO111MODULE: "off", GOPROXY: "off", GOFLAGS: "", GOPATH, GOCACHE: join(tmpdir(), "nats-stack-go-cache") },
      stdio: ["ignore", "pipe", "pipe"],
    });
  }
  return (built = bin);
}

/** Runs `kvobj <args>` and parses the JSON it prints; rejects with its stderr when it fails. */
export function runKvobj<T = unknown>(...args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(kvobjBinary(), args, { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`kvobj ${args[0]} failed: ${stderr.trim() || err.message}`));
      try {
        resolve(JSON.parse(stdout) as T);
      } catch (e) {
        reject(new Error(`kvobj ${args[0]}: not JSON: ${stdout}`, { cause: e }));
      }
    });
  });
}
