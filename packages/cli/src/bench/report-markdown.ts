/** The Markdown report of a benchmark: its shape, the result tables, notes, and the chart beside it. */
import type { BenchReport } from "./bench-results";
import { resultTables } from "./results-table";
import { formatBytes } from "../args/byte-size";
import { grouped } from "./number-format";

/** One line describing the benchmark's shape. */
export function shapeLine(r: BenchReport): string {
  const p = r.plan;
  const subs = `${p.subs} subscriber${p.subs === 1 ? "" : "s"}${p.js && p.subs > 0 ? ` (${p.js.consumer === "ordered" ? "ordered consumers" : `durable ${p.js.consumer} consumer`})` : ""}`;
  const kind = p.js ? `JetStream, stream \`${p.js.stream}\`, ` : "";
  return `${kind}subject \`${p.subject}\`, ${p.pubs} publisher${p.pubs === 1 ? "" : "s"}, ${subs}, ${grouped(p.msgs)} messages of ${formatBytes(p.size)}`;
}

/** The report as Markdown; `chart` is the SVG's file name, linked at the top. */
export function renderMarkdown(r: BenchReport, chart: string): string {
  const lines = [`# nats-stack bench${r.plan.js ? " --js" : ""}`, "", shapeLine(r), "", `![throughput and latency](${chart})`, ""];
  for (const t of resultTables(r)) {
    lines.push(`## ${t.title}`, "");
    lines.push(`| ${t.head.join(" | ")} |`);
    lines.push(`| ${t.align.map((a) => (a === "right" ? "---:" : "---")).join(" | ")} |`);
    for (const row of t.rows) lines.push(`| ${row.join(" | ")} |`);
    lines.push("");
  }
  lines.push(`- ${r.server}, node ${r.node}, ${r.date}`);
  for (const n of r.notes) lines.push(`- ${n}`);
  return lines.join("\n") + "\n";
}
