// Self and inclusive share of the functions of nats-server in `perf record -g` files written by
// `BENCH_SERVER_PERF=<prefix> node bench/profile.mjs js …` (one file per run), e.g. to compare what the
// server does for two clients:
//
//   node bench/experiments/server-profile.mjs /tmp/srvperf.ours.* -- /tmp/srvperf.nats.go.*
//
// Debian's nats-server is stripped: addresses are named from its .gopclntab by bench/go/perf-symbols (built
// here on first use). perf prints them as offsets in the binary; the text segment is mapped at 0x400000.
// Frames of a call chain are return addresses, so the inclusive column is approximate (a frame can be
// named after the function that follows the call); the self column is exact.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const SERVER = process.env.NATS_SERVER ?? "/usr/sbin/nats-server";
const bin = join(here, "..", ".build", "perf-symbols");
if (!existsSync(bin)) {
  execFileSync("go", ["build", "-o", bin, "."], {
    cwd: join(here, "..", "go", "perf-symbols"),
    env: { ...process.env, GO111MODULE: "off", GOFLAGS: "", GOCACHE: join(here, "..", ".build", "go-cache") },
    stdio: "inherit",
  });
}
// Offsets outside the binary's text segment (0x2000-0x5b1000 in Debian's 2.9.10) belong to libraries or the vDSO.
const TEXT_START = 0x2000;
const TEXT_END = 0x5b1000;

function samples(files) {
  const out = [];
  for (const f of files) {
    let cur = [];
    for (const line of execFileSync("perf", ["script", "-i", f, "-F", "ip"], { encoding: "utf8", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "ignore"] }).split("\n")) {
      const s = line.trim();
      if (!s) {
        if (cur.length) out.push(cur);
        cur = [];
      } else cur.push(s);
    }
    if (cur.length) out.push(cur);
  }
  return out;
}

function report(files) {
  const ss = samples(files);
  const uniq = [...new Set(ss.flat())];
  const go = uniq.filter((a) => a.length < 12 && parseInt(a, 16) >= TEXT_START && parseInt(a, 16) < TEXT_END);
  const names = execFileSync(bin, [SERVER], { input: go.map((a) => (parseInt(a, 16) + 0x400000).toString(16)).join("\n"), encoding: "utf8" }).split("\n");
  const name = new Map(go.map((a, i) => [a, names[i]]));
  const of = (a) => name.get(a) ?? (a.startsWith("ffff") ? "[kernel]" : "[library or vDSO]");
  const self = new Map();
  const incl = new Map();
  for (const s of ss) {
    self.set(of(s[0]), (self.get(of(s[0])) ?? 0) + 1);
    for (const n of new Set(s.map(of))) incl.set(n, (incl.get(n) ?? 0) + 1);
  }
  const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, c]) => `  ${((100 * c) / ss.length).toFixed(1).padStart(5)}% ${n}`);
  console.log(`${files.join(" ")}: ${ss.length} samples\n self:\n${top(self, 25).join("\n")}\n inclusive:\n${top(incl, 30).join("\n")}`);
}

const args = process.argv.slice(2);
const dash = args.indexOf("--");
if (dash < 0) report(args);
else {
  report(args.slice(0, dash));
  report(args.slice(dash + 1));
}
