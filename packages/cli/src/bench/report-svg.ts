/**
 * The benchmark chart: a self-contained SVG meant to be looked at rather than read. Top: throughput per
 * client as horizontal bars (one per library with `--compare`, with the ratio beside them). Bottom: the
 * publish-to-delivery latency histogram on a log scale (share of messages per bucket, so libraries with
 * different sample counts compare), with p50 and p99 marked. Every bar is a `rect.bar` carrying
 * `data-client` and `data-lib`, so tests (and people with devtools) can find them.
 */
import type { BenchReport, LibResult } from "./bench-results";
import { BUCKET_EDGES } from "./latency";
import { shapeLine } from "./report-markdown";
import { latencyText } from "./number-format";

const WIDTH = 960;
const PAD = 28;
const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
/** Library colours: ours first. */
const COLORS = ["#0f766e", "#d97706", "#6366f1"];
const INK = "#111827";
const MUTED = "#6b7280";
const GRID = "#e5e7eb";

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** `1.23M`, `456k`, `789`. */
export function compact(n: number): string {
  if (!Number.isFinite(n)) return "-";
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(n >= 1e5 ? 0 : 1)}k`;
  return n.toFixed(0);
}

/** An axis maximum at or above `v`: 1, 2 or 5 times a power of ten. */
function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function text(x: number, y: number, s: string, attrs = ""): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${esc(s)}</text>`;
}

function throughputPanel(libs: LibResult[], top: number): { svg: string; height: number } {
  const labelW = 140;
  const valueW = 150;
  const x0 = PAD + labelW;
  const barAreaW = WIDTH - x0 - PAD - valueW;
  const barH = libs.length > 1 ? 16 : 24;
  const rowH = libs.length * barH + (libs.length - 1) * 3 + 16;
  const rows = libs[0]!.rows;
  const max = 4 * niceMax(Math.max(...libs.flatMap((l) => l.rows.map((r) => r.msgsPerSec)).filter(Number.isFinite), 1) / 4);
  const parts: string[] = [];
  parts.push(text(PAD, top + 16, "Throughput per client", `font-size="16" font-weight="600" fill="${INK}"`));
  parts.push(text(PAD, top + 34, "messages per second, higher is better", `font-size="12" fill="${MUTED}"`));
  const gridTop = top + 48;
  const gridH = rows.length * rowH;
  for (let i = 0; i <= 4; i++) {
    const x = x0 + (barAreaW * i) / 4;
    parts.push(`<line x1="${x.toFixed(1)}" y1="${gridTop}" x2="${x.toFixed(1)}" y2="${gridTop + gridH}" stroke="${GRID}" stroke-width="1"/>`);
    parts.push(text(x, gridTop + gridH + 14, compact((max * i) / 4), `font-size="11" fill="${MUTED}" text-anchor="middle"`));
  }
  rows.forEach((row, ri) => {
    const y = gridTop + ri * rowH + 8;
    const mid = y + (libs.length * barH + (libs.length - 1) * 3) / 2;
    parts.push(text(x0 - 10, mid + 4, row.label, `font-size="13" fill="${INK}" text-anchor="end"${row.total ? ' font-weight="600"' : ""}`));
    libs.forEach((lib, li) => {
      const r = lib.rows.find((x) => x.key === row.key);
      const v = r?.msgsPerSec ?? NaN;
      const w = Number.isFinite(v) ? Math.max(1, (barAreaW * v) / max) : 0;
      const by = y + li * (barH + 3);
      parts.push(
        `<rect class="bar" data-client="${esc(row.key)}" data-lib="${esc(lib.lib)}" data-value="${Number.isFinite(v) ? Math.round(v) : ""}" x="${x0}" y="${by}" width="${w.toFixed(1)}" height="${barH}" rx="3" fill="${COLORS[li % COLORS.length]}"><title>${esc(`${row.label}, ${lib.lib}: ${Math.round(v).toLocaleString("en-US")} msgs/s`)}</title></rect>`,
      );
      parts.push(text(x0 + w + 6, by + barH / 2 + 4, `${compact(v)} msgs/s`, `font-size="12" fill="${INK}"`));
    });
    if (libs.length > 1) {
      const a = libs[0]!.rows.find((x) => x.key === row.key)?.msgsPerSec ?? NaN;
      const b = libs[1]!.rows.find((x) => x.key === row.key)?.msgsPerSec ?? NaN;
      if (Number.isFinite(a) && Number.isFinite(b) && b > 0) {
        const ratio = a / b;
        parts.push(text(WIDTH - PAD, mid + 5, `${ratio.toFixed(2)}×`, `font-size="15" font-weight="700" text-anchor="end" fill="${ratio >= 1 ? COLORS[0] : COLORS[1]}"`));
      }
    }
  });
  return { svg: parts.join("\n"), height: gridH + 48 + 24 };
}

function latencyPanel(libs: LibResult[], top: number): { svg: string; height: number } {
  const parts: string[] = [];
  parts.push(text(PAD, top + 16, "Latency, publish to delivery", `font-size="16" font-weight="600" fill="${INK}"`));
  const withLat = libs.filter((l) => l.latency && l.latency.count > 0);
  if (withLat.length === 0) {
    parts.push(text(PAD, top + 40, "Not measured: latency needs at least one subscriber (--sub 1) and messages of 8 bytes or more.", `font-size="13" fill="${MUTED}"`));
    return { svg: parts.join("\n"), height: 56 };
  }
  parts.push(text(PAD, top + 34, "share of messages per latency bucket (log scale), lower and further left is better", `font-size="12" fill="${MUTED}"`));
  // The buckets that hold any sample, widened to at least two decades for context.
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of withLat) {
    l.latency!.hist.forEach((c, i) => {
      if (c > 0) {
        lo = Math.min(lo, i);
        hi = Math.max(hi, i);
      }
    });
  }
  lo = Math.max(0, Math.floor(lo / 4) * 4);
  hi = Math.min(BUCKET_EDGES.length - 2, Math.max(hi, lo + 7));
  hi = Math.min(BUCKET_EDGES.length - 2, Math.ceil((hi + 1) / 4) * 4 - 1);
  const n = hi - lo + 1;
  const x0 = PAD + 50;
  const w = WIDTH - x0 - PAD;
  const h = 200;
  const y0 = top + 52;
  const shares = withLat.map((l) => l.latency!.hist.map((c) => c / l.latency!.count));
  // Four gridlines at round percentages.
  const ymax = 4 * niceMax(Math.max(...shares.flatMap((s) => s.slice(lo, hi + 1)), 0.01) / 4);
  for (let i = 0; i <= 4; i++) {
    const y = y0 + h - (h * i) / 4;
    parts.push(`<line x1="${x0}" y1="${y.toFixed(1)}" x2="${x0 + w}" y2="${y.toFixed(1)}" stroke="${GRID}" stroke-width="1"/>`);
    parts.push(text(x0 - 6, y + 4, `${Number(((ymax * i * 100) / 4).toFixed(1))}%`, `font-size="11" fill="${MUTED}" text-anchor="end"`));
  }
  const colW = w / n;
  const xOf = (ms: number) => x0 + ((Math.log10(ms / 0.001) * 4 - lo) / n) * w;
  shares.forEach((s, li) => {
    const lib = withLat[li]!;
    const color = COLORS[libs.indexOf(lib) % COLORS.length];
    const bw = (colW - 2) / shares.length;
    for (let b = lo; b <= hi; b++) {
      if (!(s[b]! > 0)) continue;
      const bh = (h * s[b]!) / ymax;
      const x = x0 + (b - lo) * colW + 1 + li * bw;
      parts.push(
        `<rect class="hist" data-lib="${esc(lib.lib)}" data-bucket="${b}" x="${x.toFixed(1)}" y="${(y0 + h - bh).toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${bh.toFixed(1)}" fill="${color}" opacity="0.85"><title>${esc(`${lib.lib}: ${(s[b]! * 100).toFixed(1)}% between ${latencyText(BUCKET_EDGES[b])} and ${latencyText(BUCKET_EDGES[b + 1])}`)}</title></rect>`,
      );
    }
    const l = lib.latency!;
    for (const [name, v] of [["p50", l.p50], ["p99", l.p99]] as const) {
      if (!(v > 0)) continue;
      const x = Math.min(x0 + w, Math.max(x0, xOf(v)));
      const ly = y0 - 4 + li * 14;
      parts.push(`<line x1="${x.toFixed(1)}" y1="${y0}" x2="${x.toFixed(1)}" y2="${y0 + h}" stroke="${color}" stroke-width="1.5" stroke-dasharray="4 3"/>`);
      parts.push(text(x + 4, ly + 10, `${name} ${latencyText(v)}`, `font-size="11" font-weight="600" fill="${color}" stroke="#ffffff" stroke-width="3" paint-order="stroke"`));
    }
  });
  // Decade labels under the axis.
  for (let b = lo; b <= hi + 1; b++) {
    if (b % 4 !== 0) continue;
    const x = x0 + (b - lo) * colW;
    parts.push(`<line x1="${x.toFixed(1)}" y1="${y0 + h}" x2="${x.toFixed(1)}" y2="${y0 + h + 4}" stroke="${MUTED}"/>`);
    parts.push(text(x, y0 + h + 17, latencyText(BUCKET_EDGES[b]), `font-size="11" fill="${MUTED}" text-anchor="middle"`));
  }
  parts.push(`<line x1="${x0}" y1="${y0 + h}" x2="${x0 + w}" y2="${y0 + h}" stroke="${MUTED}"/>`);
  return { svg: parts.join("\n"), height: h + 52 + 30 };
}

/** The one sentence a reader takes away: the ratio with --compare, else the rates and median latency. */
export function headline(r: BenchReport): string {
  const pick = (l: LibResult) => l.rows.find((x) => x.key === "pubs") ?? l.rows.find((x) => x.key === "pub-1")!;
  if (r.libs.length > 1) {
    const [a, b] = [r.libs[0]!, r.libs[1]!];
    const ra = pick(a).msgsPerSec / pick(b).msgsPerSec;
    return `${a.lib} publishes ${ra.toFixed(2)}× as many messages per second as ${b.lib}`;
  }
  const l = r.libs[0]!;
  const subs = l.rows.find((x) => x.key === "subs") ?? l.rows.find((x) => x.key === "sub-1");
  let s = `${compact(pick(l).msgsPerSec)} msgs/s published`;
  if (subs) s += `, ${compact(subs.msgsPerSec)} msgs/s received`;
  if (l.latency) s += `, median latency ${latencyText(l.latency.p50)}`;
  return s;
}

/** The chart for a report, as SVG text. */
export function renderSvg(r: BenchReport): string {
  const parts: string[] = [];
  let y = PAD;
  parts.push(text(PAD, y + 14, "nats-stack bench", `font-size="22" font-weight="700" fill="${INK}"`));
  y += 36;
  parts.push(text(PAD, y, headline(r), `font-size="16" font-weight="600" fill="${COLORS[0]}"`));
  y += 22;
  parts.push(text(PAD, y, shapeLine(r).replace(/`/g, ""), `font-size="13" fill="${MUTED}"`));
  y += 18;
  parts.push(text(PAD, y, `${r.server} · node ${r.node} · ${r.date}`, `font-size="12" fill="${MUTED}"`));
  // Legend.
  let lx = PAD;
  y += 22;
  r.libs.forEach((l, i) => {
    parts.push(`<rect x="${lx}" y="${y - 11}" width="14" height="14" rx="3" fill="${COLORS[i % COLORS.length]}"/>`);
    parts.push(text(lx + 20, y + 1, l.lib, `font-size="13" fill="${INK}"`));
    lx += 40 + l.lib.length * 8;
  });
  y += 18;
  const tp = throughputPanel(r.libs, y);
  parts.push(tp.svg);
  y += tp.height + 16;
  const lat = latencyPanel(r.libs, y);
  parts.push(lat.svg);
  y += lat.height + 8;
  for (const note of r.notes) {
    parts.push(text(PAD, y, note, `font-size="11" fill="${MUTED}"`));
    y += 15;
  }
  const height = Math.ceil(y + PAD - 8);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT}" role="img" aria-label="nats-stack benchmark results">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...parts,
    `</svg>`,
    "",
  ].join("\n");
}
