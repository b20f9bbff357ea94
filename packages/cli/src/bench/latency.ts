/**
 * Publish-to-delivery latency: samples in milliseconds, reduced to percentiles and to a histogram with fixed
 * logarithmic buckets (4 per decade, 1 µs to 100 s), so histograms from separate runs and processes add up.
 */

/** Bucket edges in milliseconds: edge i is 0.001 × 10^(i/4). */
export const BUCKET_EDGES: number[] = Array.from({ length: 33 }, (_, i) => 0.001 * 10 ** (i / 4));

/** A latency summary. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Counts per bucket: bucket i holds samples in [edge i, edge i+1); the first also holds smaller ones. */
  hist: number[];
}

/** The bucket a sample falls in. */
export function bucketOf(ms: number): number {
  if (!(ms > BUCKET_EDGES[0]!)) return 0;
  const i = Math.floor(4 * Math.log10(ms / 0.001));
  return Math.min(Math.max(i, 0), BUCKET_EDGES.length - 2);
}

/** The value at percentile `p` (0–100) of sorted samples (nearest rank). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Summarises samples (the array is sorted in place). */
export function summarise(samples: Float64Array): LatencySummary {
  samples.sort();
  const hist = new Array<number>(BUCKET_EDGES.length - 1).fill(0);
  for (const s of samples) hist[bucketOf(s)]!++;
  return {
    count: samples.length,
    p50: percentile(samples, 50),
    p90: percentile(samples, 90),
    p99: percentile(samples, 99),
    max: samples.length ? samples[samples.length - 1]! : NaN,
    hist,
  };
}

/** The median of numbers (NaN for none). */
export function median(xs: number[]): number {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Several runs' summaries as one: medians of their percentiles, the sum of their histograms. */
export function combine(runs: LatencySummary[]): LatencySummary | undefined {
  const some = runs.filter((r) => r.count > 0);
  if (some.length === 0) return undefined;
  return {
    count: some.reduce((a, r) => a + r.count, 0),
    p50: median(some.map((r) => r.p50)),
    p90: median(some.map((r) => r.p90)),
    p99: median(some.map((r) => r.p99)),
    max: Math.max(...some.map((r) => r.max)),
    hist: some[0]!.hist.map((_, i) => some.reduce((a, r) => a + (r.hist[i] ?? 0), 0)),
  };
}
