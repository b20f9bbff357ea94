/**
 * Shared benchmark plumbing: interleaved rounds (A B A B …) so both sides see the same machine state,
 * medians, allocation measurement, and a results table printed and written to bench/results/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getHeapStatistics } from "node:v8";

// One median for every benchmark (ignores failed, non-finite samples).
export { median } from "./stats";

/** Runs every variant once per round, in alternating order, and returns each variant's samples. */
export async function interleave<K extends string>(
  rounds: number,
  variants: Record<K, () => number | Promise<number>>,
): Promise<Record<K, number[]>> {
  const keys = Object.keys(variants) as K[];
  const out = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? keys : [...keys].reverse();
    for (const k of order) out[k].push(await variants[k]());
  }
  return out;
}

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Bytes allocated on the JS heap by `fn`, measured as heap growth with a young generation large enough that
 * no scavenge runs inside (run under --max-semi-space-size=64). Returns NaN when a GC interfered.
 */
export function allocatedBytes(fn: () => void): number {
  if (!gc) return NaN;
  gc();
  gc();
  const before = getHeapStatistics().used_heap_size;
  fn();
  const after = getHeapStatistics().used_heap_size;
  return after >= before ? after - before : NaN;
}

export interface Row {
  [column: string]: string | number;
}

/** Prints a Markdown table and writes it (with a JSON copy) to bench/results/<name>.{md,json}. */
export function report(name: string, title: string, rows: Row[], notes: string[] = []): void {
  const cols = Object.keys(rows[0] ?? {});
  const fmt = (v: string | number) => (typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v);
  const lines = [
    `## ${title}`,
    "",
    `| ${cols.join(" | ")} |`,
    `| ${cols.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${cols.map((c) => fmt(r[c] ?? "")).join(" | ")} |`),
    "",
    ...notes.map((n) => `- ${n}`),
  ];
  const text = lines.join("\n");
  console.log(text + "\n");
  const dir = join(__dirname, "..", "results");
  mkdirSync(dir, { recursive: true });
  const meta = { name, title, date: new Date().toISOString(), node: process.version, rows, notes };
  writeFileSync(join(dir, `${name}.md`), text + "\n");
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(meta, null, 2) + "\n");
}
