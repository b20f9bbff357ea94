/**
 * The result tables of a benchmark, as plain cells, shared by the terminal (boxed) and the Markdown report:
 * one library gives one table (rate and latency per client); `--compare` gives a throughput table and a
 * latency table with a column per library and their ratio.
 */
import type { BenchReport } from "./bench-results";
import { fixed2, grouped, latencyText, ratioText } from "./number-format";

/** A table's cells. */
export interface ResultTable {
  title: string;
  head: string[];
  rows: string[][];
  align: Array<"left" | "right">;
}

/** The tables for a report. */
export function resultTables(r: BenchReport): ResultTable[] {
  if (r.libs.length === 1) {
    const lib = r.libs[0]!;
    const lat = lib.latency;
    const rows = lib.rows.map((row) => {
      // Latency is measured over every subscriber; it goes on the last subscriber row.
      const showLat = lat && row.role === "sub" && row === lib.rows.filter((x) => x.role === "sub").at(-1);
      return [
        row.label,
        grouped(row.msgs),
        grouped(row.msgsPerSec),
        fixed2(row.mibPerSec),
        ...(showLat ? [latencyText(lat.p50), latencyText(lat.p90), latencyText(lat.p99), latencyText(lat.max)] : ["-", "-", "-", "-"]),
      ];
    });
    return [
      {
        title: `${lib.lib}${lib.rounds > 1 ? ` (median of ${lib.rounds} rounds)` : ""}`,
        head: ["Client", "Msgs", "Msgs/s", "MiB/s", "p50", "p90", "p99", "max"],
        rows,
        align: ["left", "right", "right", "right", "right", "right", "right", "right"],
      },
    ];
  }
  const libs = r.libs;
  const [a, b] = [libs[0]!, libs[1]!];
  const throughput: ResultTable = {
    title: `Throughput, msgs/s (median of ${a.rounds} interleaved rounds, each client library in its own process)`,
    head: ["Client", ...libs.map((l) => l.lib), `${a.lib} ÷ ${b.lib}`],
    rows: a.rows.map((row) => {
      const other = b.rows.find((x) => x.key === row.key);
      return [row.label, grouped(row.msgsPerSec), grouped(other?.msgsPerSec ?? NaN), ratioText(row.msgsPerSec, other?.msgsPerSec ?? NaN)];
    }),
    align: ["left", "right", "right", "right"],
  };
  const tables = [throughput];
  if (a.latency && b.latency) {
    const pick = (k: "p50" | "p90" | "p99" | "max") => [k, latencyText(a.latency![k]), latencyText(b.latency![k]), ratioText(a.latency![k], b.latency![k])];
    tables.push({
      title: "Latency, publish to delivery (lower is better)",
      head: ["Percentile", a.lib, b.lib, `${a.lib} ÷ ${b.lib}`],
      rows: [pick("p50"), pick("p90"), pick("p99"), pick("max")],
      align: ["left", "right", "right", "right"],
    });
  }
  return tables;
}
