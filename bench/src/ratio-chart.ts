/**
 * SVG chart of ratios to a reference contender: one group of horizontal bars per metric, on a log scale
 * centred on the reference (1.0). Every bar is oriented so that longer to the right is better: throughput
 * ratios are drawn as they are, cost ratios (latency, bytes) inverted, and the label says which.
 */

/** One metric row of the chart. */
export interface ChartRow {
  label: string;
  better: "higher" | "lower";
  /** Median of per-round ratios `contender / reference` of the metric's value. */
  ratios: Record<string, number>;
}

/** Options of {@link ratioChartSvg}. */
export interface ChartOptions {
  title: string;
  reference: string;
  contenders: string[];
  rows: ChartRow[];
}

const COLORS = ["#2f9e44", "#1971c2", "#e8590c", "#7048e8"];
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The chart as an SVG document. */
export function ratioChartSvg(o: ChartOptions): string {
  // Room for the longest row label (about 6.5 px per character at 12 px).
  const labelW = Math.max(200, 16 + 6.5 * Math.max(0, ...o.rows.map((r) => r.label.length + (r.better === "lower" ? 11 : 0))));
  const plotW = 520;
  const barH = 14;
  const gap = 4;
  const groupGap = 12;
  const top = 64;
  const groupH = o.contenders.length * (barH + gap) + groupGap;
  const height = top + o.rows.length * groupH + 40;
  const width = labelW + plotW + 90;
  // log2 scale from 1/16 to 16, the reference (1.0) in the middle; bars beyond are clipped, labels are not.
  const lo = -4;
  const hi = 4;
  const x = (r: number) => labelW + ((Math.min(hi, Math.max(lo, Math.log2(r))) - lo) / (hi - lo)) * plotW;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold">${esc(o.title)}</text>`,
    `<text x="12" y="42" fill="#555">relative to ${esc(o.reference)} (= 1, the line); right is better: throughput as measured, latency and memory inverted (${esc(o.reference)} / client); log scale</text>`,
  );
  for (const t of [1 / 16, 1 / 8, 1 / 4, 1 / 2, 1, 2, 4, 8, 16]) {
    const tx = x(t);
    out.push(`<line x1="${tx}" y1="${top - 6}" x2="${tx}" y2="${height - 34}" stroke="${t === 1 ? "#000" : "#ddd"}" stroke-width="${t === 1 ? 1.5 : 1}"/>`);
    out.push(`<text x="${tx}" y="${height - 20}" text-anchor="middle" fill="#555">${t >= 1 ? t : `1/${1 / t}`}</text>`);
  }
  o.rows.forEach((row, i) => {
    const gy = top + i * groupH;
    const suffix = row.better === "lower" ? " (inverted)" : "";
    out.push(`<text x="${labelW - 8}" y="${gy + (o.contenders.length * (barH + gap)) / 2 + 4}" text-anchor="end">${esc(row.label + suffix)}</text>`);
    o.contenders.forEach((c, j) => {
      const raw = row.ratios[c];
      if (raw === undefined || !Number.isFinite(raw) || raw <= 0) return;
      const r = row.better === "lower" ? 1 / raw : raw;
      const y = gy + j * (barH + gap);
      const x0 = x(1);
      const x1 = x(r);
      const color = COLORS[j % COLORS.length];
      out.push(`<rect x="${Math.min(x0, x1)}" y="${y}" width="${Math.max(1, Math.abs(x1 - x0))}" height="${barH}" fill="${color}"><title>${esc(`${c}: ${r.toFixed(2)}`)}</title></rect>`);
      // Outside the bar's end; inside the plot's left edge when a long bar leaves no room there.
      const outside = r >= 1 ? x1 + 4 : x1 - 4;
      const roomLeft = r >= 1 || outside - 6.5 * (c.length + 5) >= labelW;
      const lx = roomLeft ? outside : labelW + 4;
      const anchor = r >= 1 || !roomLeft ? "start" : "end";
      out.push(`<text x="${lx}" y="${y + barH - 3}" text-anchor="${anchor}" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(`${c} ${r.toFixed(2)}`)}</text>`);
    });
  });
  o.contenders.forEach((c, j) => {
    const lx = labelW + j * 110;
    out.push(`<rect x="${lx}" y="${height - 14}" width="10" height="10" fill="${COLORS[j % COLORS.length]}"/>`);
    out.push(`<text x="${lx + 14}" y="${height - 5}">${esc(c)}</text>`);
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}
