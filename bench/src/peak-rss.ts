/**
 * A contender process's peak resident set. `process.resourceUsage().maxRSS` (getrusage's ru_maxrss) is not
 * it: Linux carries ru_maxrss over exec from the process that forked, so a contender spawned by a 76 MiB
 * harness reports at least 76 MiB whatever it used. VmHWM of /proc/self/status belongs to the address space
 * exec made; maxRSS is the fallback where /proc is missing.
 */
import { readFileSync } from "node:fs";

/** Peak resident set of this process in MiB. */
export function peakRssMiB(): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // no /proc: fall back below
  }
  return process.resourceUsage().maxRSS / 1024;
}
