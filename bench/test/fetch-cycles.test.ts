import { formatFetchCycles } from "../src/run-diagnostics";

test("the fetch loop's cycles are grouped as the first, 2-40 and the steady rest", () => {
  // The first fetch 2 ms into the window, a first cycle of 10 ms, 39 cycles of 3 ms, then 10 cycles of 1 ms
  // and one of 6 ms; the last entry is the loop's end.
  const starts = [2, 12];
  for (let i = 0; i < 39; i++) starts.push(starts[starts.length - 1]! + 3);
  for (let i = 0; i < 10; i++) starts.push(starts[starts.length - 1]! + 1);
  starts.push(starts[starts.length - 1]! + 6);
  const line = formatFetchCycles(starts);
  expect(line).toBe(
    "fetch cycles: 51; start to first fetch 2.0 ms; cycle 1 10.0 ms; cycles 2-40 117.0 ms; cycles 41-51: 16.0 ms, median 1000 µs, mean 1455 µs\n",
  );
});

test("a loop of few fetches says so instead of a steady state", () => {
  expect(formatFetchCycles([0.5, 4.5])).toBe("fetch cycles: 1; start to first fetch 0.5 ms; cycle 1 4.0 ms; no cycles past 40\n");
  expect(formatFetchCycles([1])).toBe("fetch cycles: none\n");
});
