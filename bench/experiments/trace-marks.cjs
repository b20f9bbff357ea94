// Loaded into a profiled client with node's --require (`node bench/profile.mjs js ours fetch-ack --show --
// --require ./bench/experiments/trace-marks.cjs --trace-opt --trace-deopt`): prints time marks on stdout
// among V8's trace lines, so trace-opt-summary.mjs can tell what V8 did inside the measured window from what
// it did before and after (a deopt at teardown costs the run nothing). The JetStream worker calls
// process.cpuUsage() right before and right after its measured run: each call prints `[cpuUsage <ms>]`;
// `[tick <ms>]` every 10 ms places the lines in between. Diagnostics only: it adds a timer to the client.
const fs = require("node:fs");
const t0 = performance.now();
const since = () => (performance.now() - t0).toFixed(1);
const tick = setInterval(() => fs.writeSync(1, `[tick ${since()}]\n`), 10);
tick.unref();
const cpuUsage = process.cpuUsage;
process.cpuUsage = (...a) => {
  fs.writeSync(1, `[cpuUsage ${since()}]\n`);
  return cpuUsage(...a);
};
// The result line comes last: no tick after it.
const log = console.log;
console.log = (...a) => {
  clearInterval(tick);
  log(...a);
};
