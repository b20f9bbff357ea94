/**
 * Status lines on stderr, prefixed with the local time as natscli's log lines are (`15:04:05 Published 5
 * bytes to "x"`), so stdout carries only the data a script wants (message bodies, JSON, tables).
 */
import { err as c } from "./colors";

function clock(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Writes one status line to stderr. */
export function log(line: string): void {
  process.stderr.write(`${c.dim(clock())} ${line}\n`);
}

/** Writes data to stdout (message bodies, JSON lines, tables). */
export function print(text = ""): void {
  process.stdout.write(text.endsWith("\n") ? text : text + "\n");
}
