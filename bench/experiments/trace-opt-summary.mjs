// Sums V8's --trace-opt / --trace-deopt output of profiled clients (e.g. `node bench/profile.mjs js
// ours,ours@<dir> fetch-ack --runs 8 --show -- --require ./bench/experiments/trace-marks.cjs --trace-opt
// --trace-deopt-verbose > t.txt`): per run, TurboFan compile time (the sum of the three "took" figures; with
// concurrent recompilation, the default, they are wall times of a background thread and grow with the
// machine's load: `--no-concurrent-recompilation` gives the compile work itself), how often each function was
// compiled, and the deopts with their reasons (and source positions, with --trace-deopt-verbose); with
// trace-marks.cjs, deopts are split into those inside the measured window and those after it (teardown).
// Then, per client, the medians over its runs and the mean compile time per function.
// Usage: node bench/experiments/trace-opt-summary.mjs <file> [N functions per client]
import { readFileSync } from "node:fs";

const [file, topText] = process.argv.slice(2);
const top = Number(topText ?? 25);
const text = readFileSync(file, "utf8");
// Each run ends with the profile's result line, which names the client.
const parts = text.split(/^(.*µs per op.*)$/m);
const byClient = new Map();
const fnByClient = new Map();
for (let i = 0; i + 1 < parts.length; i += 2) {
  const run = parts[i];
  if (!/completed compiling/.test(run)) continue;
  const client = /^\S+ (\S+):/.exec(parts[i + 1])?.[1] ?? "?";
  const rate = Number(/: (\d+)\/s/.exec(parts[i + 1])?.[1]);
  const fns = fnByClient.get(client) ?? fnByClient.set(client, new Map()).get(client);
  let ms = 0;
  let compiles = 0;
  let marks = 0;
  const deopts = [];
  for (const line of run.split("\n")) {
    let m;
    if (line.startsWith("[cpuUsage ")) marks++;
    else if ((m = /completed compiling 0x[0-9a-f]+ <JSFunction (\S*) [^>]*> \(target TURBOFAN\)(?: OSR)? - took ([\d.]+), ([\d.]+), ([\d.]+) ms/.exec(line))) {
      const t = Number(m[2]) + Number(m[3]) + Number(m[4]);
      ms += t;
      compiles++;
      const e = fns.get(m[1] || "(anonymous)") ?? { ms: 0, n: 0 };
      e.ms += t;
      e.n++;
      fns.set(m[1] || "(anonymous)", e);
    } else if ((m = /\[bailout \(kind: ([^,]+), reason: ([^)]*)\): begin\. deoptimizing 0x[0-9a-f]+ <JSFunction (\S*) /.exec(line))) {
      deopts.push({ what: `${m[3] || "(anonymous)"} (${m[1]}: ${m[2]})`, after: marks >= 2 });
    } else if ((m = /;;; deoptimize at <[^>]*:(\d+:\d+)>/.exec(line)) && deopts.length) deopts[deopts.length - 1].what += ` at ${m[1]}`;
  }
  const inWindow = deopts.filter((d) => !d.after);
  const runs = byClient.get(client) ?? byClient.set(client, []).get(client);
  runs.push({ ms, compiles, deopts: inWindow.length, rate });
  console.log(`${client} run ${runs.length}: ${rate} msgs/s, TurboFan ${ms.toFixed(1)} ms in ${compiles} compiles`);
  for (const d of deopts) console.log(`    deopt${marks ? (d.after ? " after the run" : " in the run") : ""}: ${d.what}`);
}
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
for (const [client, runs] of byClient) {
  const ms = runs.map((r) => r.ms);
  console.log(
    `\n${client}: ${runs.length} runs, TurboFan median ${median(ms).toFixed(1)} ms (${Math.min(...ms).toFixed(1)}-${Math.max(...ms).toFixed(1)}), ` +
      `compiles median ${median(runs.map((r) => r.compiles))}, deopts before the run's end in ${runs.filter((r) => r.deopts > 0).length} runs, rate median ${median(runs.map((r) => r.rate))}`,
  );
  console.log(`  per function (mean ms per run, compiles per run):`);
  for (const [name, e] of [...fnByClient.get(client)].sort((a, b) => b[1].ms - a[1].ms).slice(0, top)) {
    console.log(`    ${(e.ms / runs.length).toFixed(1).padStart(6)} ms  x${(e.n / runs.length).toFixed(2)}  ${name}`);
  }
}
