/**
 * Statistics of interleaved benchmark rounds: medians, percentiles and the median of per-round ratios.
 *
 * Why per-round ratios: on a shared machine the load drifts between rounds. Two contenders measured in the
 * same round saw about the same machine, so their ratio is steadier than the ratio of two medians taken over
 * rounds that saw different loads.
 */

/** Median of the finite values of `xs`; NaN when there are none. */
export function median(xs: readonly number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * The `p`th percentile (0-100) of `xs` by the nearest-rank rule used by every contender (index
 * `floor(p/100 * n)`, capped at the last), so Node and Go report the same statistic.
 */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/**
 * `a[i] / b[i]` for every round `i` where both sides have a finite sample and `b[i]` is not zero. A round
 * where either side failed is left out rather than paired with another round's sample.
 */
export function perRoundRatios(a: readonly (number | undefined)[], b: readonly (number | undefined)[]): number[] {
  const out: number[] = [];
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y) || y === 0) continue;
    out.push(x / y);
  }
  return out;
}

/** Median of the per-round ratios `a[i] / b[i]` (see {@link perRoundRatios}); NaN when no round pairs. */
export function medianOfRatios(a: readonly (number | undefined)[], b: readonly (number | undefined)[]): number {
  return median(perRoundRatios(a, b));
}

/**
 * The order contenders run in during round `round`: the list rotated left by `round` places, so over as
 * many rounds as there are contenders each one runs first, in the middle and last once (A B C, B C A, C A B).
 */
export function rotation<T>(items: readonly T[], round: number): T[] {
  const n = items.length;
  if (n === 0) return [];
  const k = ((round % n) + n) % n;
  return [...items.slice(k), ...items.slice(0, k)];
}
