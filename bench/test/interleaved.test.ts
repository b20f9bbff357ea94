import { runInterleaved, type Contender, type Shape, type ShapeRuns } from "../src/interleaved";
import { summarise } from "../src/ratio-report";
import { ratioChartSvg } from "../src/ratio-chart";

// Contender processes are tiny node scripts: argv after the script is <shapeId> <params JSON>.
const script = (body: string): Contender["args"] => ["-e", `const [shape, json] = process.argv.slice(1); const p = JSON.parse(json); ${body}`];
const node = (name: string, body: string): Contender => ({ name, command: process.execPath, args: script(body) });

describe("runInterleaved", () => {
  test("one process per run, order rotated per round, params from setup, metrics from stdout", async () => {
    const seen: string[] = [];
    const torn: string[] = [];
    const shape: Shape = {
      id: "demo",
      title: "demo",
      metrics: [{ key: "rate", label: "rate", unit: "x/s", better: "higher" }],
      setup: (ctx) => {
        seen.push(`${ctx.round}:${ctx.contender}`);
        return { params: { value: ctx.contender === "fast" ? 20 + ctx.round : 10 }, teardown: () => void torn.push(ctx.contender) };
      },
    };
    const out = await runInterleaved({
      rounds: 3,
      shape,
      contenders: [node("fast", `console.log(JSON.stringify({ metrics: { rate: p.value, pid: process.pid } }))`), node("slow", `console.log("noise"); console.log(JSON.stringify({ metrics: { rate: p.value, pid: process.pid } }))`)],
    });
    expect(seen).toEqual(["0:fast", "0:slow", "1:slow", "1:fast", "2:fast", "2:slow"]);
    expect(torn).toHaveLength(6);
    expect(new Set(out.runs.map((r) => r.metrics!.pid)).size).toBe(6);
    const [row] = summarise(out, "slow");
    expect(row!.medians).toEqual({ fast: 21, slow: 10 });
    expect(row!.ratios.fast).toBeCloseTo(2.1);
    expect(row!.ranges.fast).toEqual([2, 2.2]);
  });

  test("a ready line runs onReady; a failing run is recorded and the others go on", async () => {
    let readyCalls = 0;
    const shape: Shape = {
      id: "ready",
      title: "ready",
      metrics: [{ key: "v", label: "v", unit: "", better: "lower" }],
      setup: () => ({ params: {}, onReady: () => void readyCalls++ }),
    };
    const out = await runInterleaved({
      rounds: 2,
      shape,
      contenders: [
        node("ok", `console.log('{"event":"ready"}'); setTimeout(() => console.log(JSON.stringify({ metrics: { v: 1 } })), 50)`),
        node("bad", `console.error("boom"); process.exit(3)`),
      ],
    });
    expect(readyCalls).toBe(2);
    const bad = out.runs.filter((r) => r.contender === "bad");
    expect(bad.map((r) => r.error)).toEqual([expect.stringContaining("exited 3: boom"), expect.stringContaining("exited 3: boom")]);
    const [row] = summarise(out, "ok");
    expect(row!.ok).toEqual({ ok: 2, bad: 0 });
    expect(row!.ratios.bad).toBeNaN();
  });

  test("a run past its timeout is killed and counted as failed", async () => {
    const shape: Shape = { id: "slow", title: "slow", metrics: [], timeoutMs: 300, setup: () => ({ params: {} }) };
    const out = await runInterleaved({ rounds: 1, shape, contenders: [node("hang", `setInterval(() => {}, 1000)`)] });
    expect(out.runs[0]!.error).toMatch(/timed out after 300 ms/);
  });
});

describe("summarise", () => {
  test("a metric with a referenceKey compares with that sample of the reference", () => {
    const runs: ShapeRuns = {
      shape: {
        id: "p",
        title: "p",
        metrics: [
          { key: "rate", label: "vs full", unit: "f/s", better: "higher" },
          { key: "rate", label: "vs parse only", unit: "f/s", better: "higher", referenceKey: "fast" },
        ],
      },
      contenders: ["go", "ours"],
      rounds: 2,
      runs: [
        { round: 0, contender: "go", position: 0, wallMs: 1, metrics: { rate: 100, fast: 400 } },
        { round: 0, contender: "ours", position: 1, wallMs: 1, metrics: { rate: 200 } },
        { round: 1, contender: "ours", position: 0, wallMs: 1, metrics: { rate: 300 } },
        { round: 1, contender: "go", position: 1, wallMs: 1, metrics: { rate: 100, fast: 600 } },
      ],
    };
    const [full, only] = summarise(runs, "go", [["ours", "go"]]);
    expect(full!.ratios.ours).toBe(2.5);
    expect(only!.ratios.ours).toBe(0.5);
    expect(only!.medians.go).toBe(500);
    expect(full!.pairs["ours/go"]).toBe(2.5);
  });
});

describe("ratioChartSvg", () => {
  test("draws one bar per contender and metric, inverting lower-is-better ratios", () => {
    const svg = ratioChartSvg({
      title: "t",
      reference: "go",
      contenders: ["ours", "js"],
      rows: [
        { label: "pub", better: "higher", ratios: { ours: 0.5, js: 0.25 } },
        { label: "p50", better: "lower", ratios: { ours: 2, js: NaN } },
      ],
    });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(3);
    expect(svg).toContain("ours 0.50");
    expect(svg).toContain("js 0.25");
    expect(svg).toContain("p50 (inverted)");
    expect(svg).toContain(">ours 0.50</text>");
  });
});
