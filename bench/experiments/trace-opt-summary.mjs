// Sums V8's --trace-opt / --trace-deopt output (e.g. `node bench/profile.mjs js ours <shape> --show --
// --trace-opt --trace-deopt > t.txt`): TurboFan compile time per function (the middle "took" figure, the
// optimisation phase, which runs on a background thread but on the same cores as everything else), how often
// each was compiled, and the deopts with their reasons. Usage: node bench/experiments/trace-opt-summary.mjs <file> [N]
import { readFileSync } from "node:fs";

const [file, topText] = process.argv.slice(2);
const top = Number(topText ?? 25);
const text = readFileSync(file, "utf8");
// Runs are separated by the profile's result line; each run is summarised on its own.
const runs = text.split(/^.*µs per op.*$/m).filter((r) => /completed compiling/.test(r));
runs.forEach((run, i) => {
  const per = new Map();
  let total = 0;
  for (const m of run.matchAll(/completed compiling 0x[0-9a-f]+ <JSFunction (\S*) [^>]*> \(target TURBOFAN\)(?: OSR)? - took ([\d.]+), ([\d.]+), ([\d.]+) ms/g)) {
    const name = m[1] || "(anonymous)";
    const ms = Number(m[2]) + Number(m[3]) + Number(m[4]);
    total += ms;
    const e = per.get(name) ?? { ms: 0, n: 0 };
    e.ms += ms;
    e.n++;
    per.set(name, e);
  }
  const deopts = new Map();
  for (const m of run.matchAll(/\[bailout \(kind: ([^,]+), reason: ([^)]*)\): begin\. deoptimizing 0x[0-9a-f]+ <JSFunction (\S*) /g)) {
    const k = `${m[3] || "(anonymous)"} (${m[1]}: ${m[2]})`;
    deopts.set(k, (deopts.get(k) ?? 0) + 1);
  }
  console.log(`run ${i + 1}: TurboFan compile ${total.toFixed(1)} ms in ${[...per.values()].reduce((a, e) => a + e.n, 0)} compiles`);
  for (const [name, e] of [...per].sort((a, b) => b[1].ms - a[1].ms).slice(0, top)) console.log(`  ${e.ms.toFixed(1).padStart(6)} ms  x${e.n}  ${name}`);
  if (deopts.size) {
    console.log(`  deopts:`);
    for (const [k, c] of deopts) console.log(`    x${c} ${k}`);
  }
});
