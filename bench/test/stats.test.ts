import { median, medianOfRatios, percentile, perRoundRatios, rotation } from "../src/stats";

describe("bench statistics", () => {
  test("median of odd and even counts, ignoring failed (non-finite) samples", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, NaN, 1, Infinity, 3])).toBe(3);
    expect(median([])).toBeNaN();
  });

  test("percentile is nearest rank, capped at the last sample", () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose
    expect(percentile(xs, 50)).toBe(51);
    expect(percentile(xs, 99)).toBe(100);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  test("per-round ratios pair samples of the same round and skip rounds where either side failed", () => {
    const ours = [10, undefined, 30, 40, 50];
    const ref = [5, 10, undefined, 0, 25];
    expect(perRoundRatios(ours, ref)).toEqual([2, 2]);
  });

  test("the median of per-round ratios differs from the ratio of medians when the load drifts", () => {
    // Round 3 ran on a loaded machine: both clients slowed down together.
    const ours = [300, 210, 40, 205, 190];
    const ref = [100, 100, 20, 110, 100];
    expect(medianOfRatios(ours, ref)).toBe(2);
    expect(median(ours) / median(ref)).toBe(2.05);
    expect(medianOfRatios([1, 2], [])).toBeNaN();
  });

  test("rotation moves the first contender to the end each round", () => {
    const c = ["go", "js", "ours"];
    expect([0, 1, 2, 3].map((r) => rotation(c, r).join(" "))).toEqual(["go js ours", "js ours go", "ours go js", "go js ours"]);
    expect(rotation([], 3)).toEqual([]);
  });
});
