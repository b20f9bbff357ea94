/**
 * Summarises interleaved per-process runs (interleaved.ts) into rows of medians and medians of per-round
 * ratios to a reference contender, and writes them to bench/results/<name>.{md,json,svg}.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Metric, type ShapeRuns, samplesByRound } from "./interleaved";
import { ratioChartSvg } from "./ratio-chart";
import { median, medianOfRatios, perRoundRatios } from "./stats";

/** One metric of one shape, summarised. */
export interface SummaryRow {
  shape: string;
  title: string;
  metric: Metric;
  /** Median per contender (NaN when every run failed or the contender does not report the metric). */
  medians: Record<string, number>;
  /** Median of per-round ratios `contender / reference`, per contender. */
  ratios: Record<string, number>;
  /** Lowest and highest per-round ratio, per contender (the spread the median hides). */
  ranges: Record<string, [number, number]>;
  /** Median of per-round ratios for each extra pair `[a, b]` as `a/b`. */
  pairs: Record<string, number>;
  /** Runs that produced this metric, per contender. */
  ok: Record<string, number>;
}

/** Summarises every metric of `runs`. `pairs` adds ratio columns between two non-reference contenders. */
export function summarise(runs: ShapeRuns, reference: string, pairs: [string, string][] = []): SummaryRow[] {
  return runs.shape.metrics.map((metric) => {
    const s = samplesByRound(runs, metric.key);
    if (metric.referenceKey) s[reference] = samplesByRound(runs, metric.referenceKey)[reference] ?? [];
    const medians: Record<string, number> = {};
    const ratios: Record<string, number> = {};
    const ranges: Record<string, [number, number]> = {};
    const ok: Record<string, number> = {};
    for (const c of runs.contenders) {
      const xs = s[c]!.filter((x): x is number => x !== undefined);
      medians[c] = median(xs);
      ok[c] = xs.length;
      const rs = perRoundRatios(s[c]!, s[reference] ?? []);
      ratios[c] = median(rs);
      ranges[c] = rs.length ? [Math.min(...rs), Math.max(...rs)] : [NaN, NaN];
    }
    const pairRatios: Record<string, number> = {};
    for (const [a, b] of pairs) pairRatios[`${a}/${b}`] = medianOfRatios(s[a] ?? [], s[b] ?? []);
    return { shape: runs.shape.id, title: runs.shape.title, metric, medians, ratios, ranges, pairs: pairRatios, ok };
  });
}

function fmtValue(v: number, unit: string): string {
  if (!Number.isFinite(v)) return "—";
  if (unit.endsWith("/s")) return Math.round(v).toLocaleString("en-US");
  if (Math.abs(v) >= 100) return Math.round(v).toLocaleString("en-US");
  return v.toFixed(1);
}
const fmtRatio = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : "—");

/** Options of {@link writeRatioReport}. */
export interface ReportOptions {
  /** File name under bench/results (without extension). */
  name: string;
  title: string;
  reference: string;
  /** Contenders in column order (the reference first reads best). */
  contenders: string[];
  rows: SummaryRow[];
  runs: ShapeRuns[];
  notes: string[];
  /** Extra facts for the JSON copy (versions, rounds, machine). */
  meta: Record<string, unknown>;
  dir: string;
}

/** The Markdown table of {@link writeRatioReport}. */
export function ratioMarkdown(o: Omit<ReportOptions, "dir" | "runs" | "meta">): string {
  const others = o.contenders.filter((c) => c !== o.reference);
  const pairKeys = [...new Set(o.rows.flatMap((r) => Object.keys(r.pairs)))];
  const cols = [
    "shape",
    "unit",
    "better",
    ...o.contenders.map((c) => `${c} (median)`),
    ...others.map((c) => `${c} / ${o.reference}`),
    ...pairKeys.map((k) => k.replace("/", " / ")),
    ...others.map((c) => `${c} / ${o.reference} per-round range`),
    "runs ok",
  ];
  const lines = [`## ${o.title}`, "", `| ${cols.join(" | ")} |`, `| ${cols.map(() => "---").join(" | ")} |`];
  for (const r of o.rows) {
    const cells = [
      r.metric.label,
      r.metric.unit,
      r.metric.better,
      ...o.contenders.map((c) => fmtValue(r.medians[c] ?? NaN, r.metric.unit)),
      ...others.map((c) => fmtRatio(r.ratios[c] ?? NaN)),
      ...pairKeys.map((k) => fmtRatio(r.pairs[k] ?? NaN)),
      ...others.map((c) => {
        const [lo, hi] = r.ranges[c] ?? [NaN, NaN];
        return Number.isFinite(lo) ? `${fmtRatio(lo)}–${fmtRatio(hi)}` : "—";
      }),
      o.contenders.map((c) => r.ok[c] ?? 0).join("/"),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  lines.push("", ...o.notes.map((n) => `- ${n}`));
  return lines.join("\n") + "\n";
}

/** Prints the table and writes bench/results/<name>.md, .json (every run, raw) and .svg (the chart). */
export function writeRatioReport(o: ReportOptions): void {
  const md = ratioMarkdown(o);
  console.log(md);
  mkdirSync(o.dir, { recursive: true });
  writeFileSync(join(o.dir, `${o.name}.md`), md + `\n![chart](${o.name}.svg)\n`);
  const json = {
    name: o.name,
    title: o.title,
    date: new Date().toISOString(),
    reference: o.reference,
    contenders: o.contenders,
    ...o.meta,
    notes: o.notes,
    rows: o.rows.map((r) => ({
      shape: r.shape,
      metric: r.metric.key,
      label: r.metric.label,
      unit: r.metric.unit,
      better: r.metric.better,
      medians: r.medians,
      ratiosToReference: r.ratios,
      ratioRanges: r.ranges,
      pairs: r.pairs,
      ok: r.ok,
    })),
    runs: o.runs,
  };
  writeFileSync(join(o.dir, `${o.name}.json`), JSON.stringify(json, (_k, v) => (Number.isNaN(v) ? null : v), 2) + "\n");
  writeFileSync(
    join(o.dir, `${o.name}.svg`),
    ratioChartSvg({
      title: o.title,
      reference: o.reference,
      contenders: o.contenders.filter((c) => c !== o.reference),
      rows: o.rows
        .filter((r) => o.contenders.some((c) => c !== o.reference && Number.isFinite(r.ratios[c] ?? NaN)))
        .map((r) => ({ label: r.metric.label, better: r.metric.better, ratios: r.ratios })),
    }),
  );
}
