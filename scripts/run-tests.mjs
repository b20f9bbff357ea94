// Runs the type checks and every jest project, then prints one summary line `N passed, N failed`
// (`, N skipped` when some were skipped). CI reads only that line; jest's own summary is kept above it.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (n) => join(root, "node_modules", ".bin", n);
const extra = process.argv.slice(2);

let passed = 0;
let failed = 0;
let skipped = 0;

// Type checks: one "test" per tsconfig.
const projects = [
  "packages/wire/tsconfig.json",
  "packages/wire/tsconfig.test.json",
  "packages/core/tsconfig.json",
  "packages/core/tsconfig.test.json",
  "packages/streaming/tsconfig.json",
  "packages/streaming/tsconfig.test.json",
  "packages/jetstream/tsconfig.json",
  "packages/jetstream/tsconfig.test.json",
  "packages/cli/tsconfig.json",
  "packages/cli/tsconfig.test.json",
  "fixtures/tsconfig.json",
  "bench/tsconfig.json",
].filter((p) => existsSync(join(root, p)));
// Two at a time: the machine CI runs on has two cores.
async function typecheck(p) {
  const r = await new Promise((resolve) => {
    const child = spawn(bin("tsc"), ["-p", p, "--noEmit"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, out }));
  });
  if (r.out) process.stdout.write(r.out);
  if (r.code === 0) {
    passed++;
    console.log(`typecheck ${p}: ok`);
  } else {
    failed++;
    console.log(`typecheck ${p}: FAILED`);
  }
}
if (!extra.length) {
  const queue = [...projects];
  await Promise.all([0, 1].map(async () => {
    while (queue.length) await typecheck(queue.shift());
  }));
}

const out = join(root, ".jest-results.json");
rmSync(out, { force: true });
// Unhandled rejections and uncaught exceptions raised in a jest worker after its test file finished are
// written here (scripts/jest/environment.cjs); each one is a failure, as it would crash a Node process.
const unhandledDir = mkdtempSync(join(tmpdir(), "nats-stack-unhandled-"));
const jest = spawnSync(
  bin("jest"),
  ["--ci", "--maxWorkers=2", "--json", `--outputFile=${out}`, ...extra],
  { cwd: root, stdio: "inherit", env: { ...process.env, FORCE_COLOR: "0", NATS_STACK_UNHANDLED_DIR: unhandledDir } },
);
for (const f of readdirSync(unhandledDir)) {
  for (const line of readFileSync(join(unhandledDir, f), "utf8").split("\n").filter(Boolean)) {
    failed++;
    console.log(`FAILED: ${JSON.parse(line)}`);
  }
}
rmSync(unhandledDir, { recursive: true, force: true });
if (existsSync(out)) {
  const r = JSON.parse(readFileSync(out, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  // A suite that failed to load has no tests to count, but it is a failure.
  failed += r.numRuntimeErrorTestSuites ?? 0;
} else {
  failed++;
  console.log(`jest did not write results (exit ${jest.status})`);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
