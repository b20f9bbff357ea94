/**
 * A diagnostic for the workers, off unless `BENCH_THREADS=1`: the CPU time of each thread of this process
 * over the timed window (from /proc/self/task), printed to stderr after the result is measured, so the main
 * thread's share can be told from V8's background threads (TurboFan compiles, concurrent GC marking). The
 * snapshots are taken outside the timed window: the numbers measured are the same with it on or off.
 */
import { readdirSync, readFileSync } from "node:fs";
import { getHeapSpaceStatistics } from "node:v8";

/** CPU milliseconds per thread id, or undefined when the diagnostic is off or /proc is missing. */
export function threadCpu(): Map<string, number> | undefined {
  if (process.env.BENCH_THREADS !== "1") return undefined;
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync("/proc/self/task")) {
      // schedstat's first field: nanoseconds on a CPU (stat's utime/stime count 10 ms ticks only).
      const ns = Number(readFileSync(`/proc/self/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      out.set(tid, ns / 1e6);
    }
  } catch {
    return undefined;
  }
  return out;
}

/**
 * Prints the CPU the main thread and the other threads (V8's compiler and GC helpers, libuv's pool: Node 20
 * names them all "node") used since `before` (a {@link threadCpu} snapshot) to stderr.
 */
export function reportThreadCpu(before: Map<string, number> | undefined): void {
  if (!before) return;
  const after = threadCpu();
  if (!after) return;
  let main = 0;
  const others: number[] = [];
  for (const [k, v] of after) {
    const ms = v - (before.get(k) ?? 0);
    if (k === String(process.pid)) main = ms;
    else if (ms > 0) others.push(ms);
  }
  const sum = others.reduce((a, b) => a + b, 0);
  process.stderr.write(`thread CPU: main ${main.toFixed(1)} ms, others ${sum.toFixed(1)} ms (${others.map((x) => x.toFixed(1)).join(" + ")})\n`);
}

/**
 * Off unless `BENCH_TIMELINE=1`: samples, every millisecond of the timed window, the messages the connection
 * received (`nc.stats().inMsgs`), the process's CPU (all threads) and the main thread's, and prints the
 * samples where each of `marks` messages was first reached to stderr once stopped, with the CPU per message
 * of each stretch. The timer runs in the timed window (a few µs a millisecond); the numbers it is kept for
 * are the stretches, not the run's rate.
 */
export function startTimeline(nc: { stats(): { inMsgs: number } }, marks = [1, 1000, 2500, 5000, 10_000, 25_000, 50_000]): (() => void) | undefined {
  if (process.env.BENCH_TIMELINE !== "1") return undefined;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const in0 = nc.stats().inMsgs;
  const main = () => Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
  const m0 = main();
  const samples: { t: number; msgs: number; cpu: number; main: number }[] = [];
  const sample = () => {
    const c = process.cpuUsage(c0);
    samples.push({ t: performance.now() - t0, msgs: nc.stats().inMsgs - in0, cpu: (c.user + c.system) / 1000, main: main() - m0 });
  };
  const timer = setInterval(sample, 1);
  return () => {
    clearInterval(timer);
    sample();
    let prev = { t: 0, msgs: 0, cpu: 0, main: 0 };
    const rows: string[] = [];
    for (const k of marks) {
      const s = samples.find((x) => x.msgs >= k);
      if (!s) break;
      const n = Math.max(1, s.msgs - prev.msgs);
      rows.push(
        `${String(k).padStart(6)} msgs at ${s.t.toFixed(1).padStart(6)} ms (received ${s.msgs}): CPU ${s.cpu.toFixed(1)} ms (main ${s.main.toFixed(1)}); ` +
          `since previous ${((s.cpu - prev.cpu) * 1000 / n).toFixed(2)} µs/msg (main ${((s.main - prev.main) * 1000 / n).toFixed(2)}), ${((s.t - prev.t) * 1000 / n).toFixed(2)} µs wall/msg`,
      );
      prev = s;
    }
    process.stderr.write(`timeline:\n${rows.join("\n")}\n`);
  };
}

/**
 * Off unless `BENCH_MEMORY=1`: where the process's memory is, sampled every 100 ms of the timed window and
 * once when stopped, printed to stderr: resident set (VmRSS, its peak VmHWM, anonymous and file-backed
 * parts from /proc/self/status), V8's spaces (the young generation is `new`: V8 grows it, up to 32 MiB,
 * when much survives its GCs), external memory and ArrayBuffers. Call it right after connecting to see the
 * baseline too. Reading /proc and the heap statistics costs a few hundred µs a sample, in the timed window.
 */
export function startMemoryTrace(): (() => void) | undefined {
  if (process.env.BENCH_MEMORY !== "1") return undefined;
  const t0 = performance.now();
  const mib = (n: number) => (n / 1048576).toFixed(1);
  const rows: string[] = [];
  const sample = (label: string) => {
    let proc = "";
    try {
      const s = readFileSync("/proc/self/status", "utf8");
      const kb = (k: string) => (Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(s)?.[1] ?? NaN) / 1024).toFixed(1);
      proc = `rss ${kb("VmRSS")} (peak ${kb("VmHWM")}, anon ${kb("RssAnon")}, file ${kb("RssFile")})`;
    } catch {
      proc = `rss ${mib(process.memoryUsage.rss())}`;
    }
    const m = process.memoryUsage();
    const spaces = getHeapSpaceStatistics()
      .filter((x) => x.space_size > 0)
      .map((x) => `${x.space_name.replace(/_space$/, "")} ${mib(x.space_size)}`)
      .join(", ");
    rows.push(`${label.padEnd(6)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms: ${proc}; heap used ${mib(m.heapUsed)} of ${mib(m.heapTotal)} (${spaces}); external ${mib(m.external)}, array buffers ${mib(m.arrayBuffers)} (MiB)`);
  };
  sample("start");
  const timer = setInterval(() => sample("tick"), 100);
  timer.unref();
  return () => {
    clearInterval(timer);
    sample("end");
    process.stderr.write(`memory:\n${rows.join("\n")}\n`);
  };
}

/**
 * Off unless `BENCH_CYCLES=1`: the wall time of a `fetch()` loop cycle by cycle (from one `fetch()` call to
 * the next: the pull request, the server's delivery, the loop over the batch and its acks), printed to
 * stderr once stopped, grouped as: the timed window's start to the first fetch, the first cycle (where the
 * server loads the stream from disk and every function runs for the first time), cycles 2-40 (the first
 * 10,000 messages of fetch(256), before the JIT has settled) and the rest (median and mean of the steady
 * state). The nats.go contender prints the same lines, so the two warm-ups can be compared. Marks cost
 * a `performance.now()` per fetch.
 */
export function startFetchCycles(): { mark(): void; stop(): void } | undefined {
  if (process.env.BENCH_CYCLES !== "1") return undefined;
  const t0 = performance.now();
  const starts: number[] = [];
  return {
    mark: () => void starts.push(performance.now()),
    stop: () => {
      starts.push(performance.now());
      process.stderr.write(formatFetchCycles(starts.map((t) => t - t0)));
    },
  };
}

/** The report of {@link startFetchCycles}: `starts` are the ms from the window's start to each fetch, then the end. */
export function formatFetchCycles(starts: number[]): string {
  if (starts.length < 2) return "fetch cycles: none\n";
  const cycles = starts.slice(1).map((t, i) => t - starts[i]!);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const early = cycles.slice(1, 40);
  const steady = cycles.slice(40);
  const sorted = [...steady].sort((a, b) => a - b);
  const med = sorted.length ? sorted[Math.floor(sorted.length / 2)]! : NaN;
  return (
    `fetch cycles: ${cycles.length}; start to first fetch ${starts[0]!.toFixed(1)} ms; cycle 1 ${cycles[0]!.toFixed(1)} ms; ` +
    (early.length ? `cycles 2-${early.length + 1} ${sum(early).toFixed(1)} ms; ` : "") +
    (steady.length ? `cycles 41-${cycles.length}: ${sum(steady).toFixed(1)} ms, median ${(med * 1000).toFixed(0)} µs, mean ${((sum(steady) / steady.length) * 1000).toFixed(0)} µs` : "no cycles past 40") +
    "\n"
  );
}
