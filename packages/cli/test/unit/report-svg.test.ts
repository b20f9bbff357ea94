import { renderSvg, headline } from "../../src/bench/report-svg";
import { renderMarkdown } from "../../src/bench/report-markdown";
import { reduceRuns, type BenchReport } from "../../src/bench/bench-results";
import type { BenchPlan } from "../../src/bench/bench-plan";
import type { RunResult } from "../../src/bench/run-result";
import { summarise } from "../../src/bench/latency";
import { bars, histogramColumns, parseSvg } from "../helpers/svg";

const plan: BenchPlan = { subject: "demo.bench", pubs: 2, subs: 2, msgs: 1000, size: 16, pubBatch: 100 };

function run(lib: "nats-stack" | "nats.js", speed: number): RunResult {
  const lat = new Float64Array(500).map((_, i) => (0.05 + (i % 50) * 0.01) / speed);
  return {
    lib,
    clients: [
      { role: "pub", index: 1, msgs: 500, ms: 10 / speed },
      { role: "pub", index: 2, msgs: 500, ms: 12 / speed },
      { role: "sub", index: 1, msgs: 1000, ms: 20 / speed },
      { role: "sub", index: 2, msgs: 1000, ms: 21 / speed },
    ],
    latency: summarise(lat),
    totalMs: 25 / speed,
  };
}

function report(libs: Array<["nats-stack" | "nats.js", number[]]>): BenchReport {
  return {
    plan,
    libs: libs.map(([lib, speeds]) => reduceRuns(lib, plan, speeds.map((s) => run(lib, s)))),
    server: "nats-server 2.9.10",
    node: "v20",
    date: "2024-01-01 00:00 UTC",
    notes: ["a note with <angle> & ampersand"],
  };
}

describe("the benchmark chart", () => {
  it("is a well-formed SVG with a throughput bar per client (and per role total)", () => {
    const doc = parseSvg(renderSvg(report([["nats-stack", [1]]])));
    const b = bars(doc);
    expect(b.map((x) => x.client)).toEqual(["pub-1", "pub-2", "pubs", "sub-1", "sub-2", "subs"]);
    expect(new Set(b.map((x) => x.lib))).toEqual(new Set(["nats-stack"]));
    // Longer bars for faster clients: pub-1 (50k/s) beats pub-2 (41.7k/s).
    expect(b[0]!.width).toBeGreaterThan(b[1]!.width);
    expect(b[0]!.value).toBe(50_000);
    expect(histogramColumns(doc)).toBeGreaterThan(0);
  });

  it("with --compare: one bar per client per library, and the ratio in the headline", () => {
    const r = report([["nats-stack", [2, 2, 2]], ["nats.js", [1, 1, 1]]]);
    const b = bars(parseSvg(renderSvg(r)));
    expect(b).toHaveLength(12);
    for (const client of ["pub-1", "pub-2", "pubs", "sub-1", "sub-2", "subs"]) {
      expect(b.filter((x) => x.client === client).map((x) => x.lib)).toEqual(["nats-stack", "nats.js"]);
    }
    expect(headline(r)).toBe("nats-stack publishes 2.00× as many messages per second as nats.js");
  });

  it("says so when latency was not measured", () => {
    const noLat = report([["nats-stack", [1]]]);
    delete noLat.libs[0]!.latency;
    const svg = renderSvg(noLat);
    expect(svg).toContain("Not measured: latency needs");
    expect(histogramColumns(parseSvg(svg))).toBe(0);
  });

  it("the Markdown report links the chart and holds the table", () => {
    const md = renderMarkdown(report([["nats-stack", [1]]]), "bench.svg");
    expect(md).toContain("![throughput and latency](bench.svg)");
    expect(md).toMatch(/\| Pub #1 \| 500 \| 50,000 \| 0\.76 \| - \|/);
    expect(md).toMatch(/\| All subscribers \| 2,000 \| 95,238 \|/);
  });
});
