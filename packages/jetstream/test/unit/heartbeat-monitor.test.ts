// Missed-heartbeat monitors on shared timers: misses are counted from the second quiet interval on, traffic
// resets the count, and a timer whose monitors all left stays (unreferenced) until its next tick, so the next
// batch of a fetch() loop reuses it; it is cleared then if nobody came.
import { IdleHeartbeatMonitor } from "../../src/consumers/heartbeat-monitor";

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test("misses are reported after maxOut quiet intervals, traffic resets them", () => {
  const missed: number[] = [];
  const m = new IdleHeartbeatMonitor(100, (n) => (missed.push(n), false), 2);
  jest.advanceTimersByTime(100); // grace: the first tick only starts the count
  jest.advanceTimersByTime(100);
  expect(missed).toEqual([]);
  jest.advanceTimersByTime(100);
  expect(missed).toEqual([2]);
  m.seen++;
  jest.advanceTimersByTime(100);
  expect(missed).toEqual([2]);
  jest.advanceTimersByTime(200);
  expect(missed).toEqual([2, 2]);
  m.cancel();
  jest.advanceTimersByTime(500);
  expect(missed).toEqual([2, 2]);
});

test("one timer per interval; left idle it lasts until its next tick, and a newcomer meanwhile keeps it", () => {
  const a = new IdleHeartbeatMonitor(100, () => false);
  const b = new IdleHeartbeatMonitor(100, () => false);
  expect(jest.getTimerCount()).toBe(1);
  a.cancel();
  b.cancel();
  expect(jest.getTimerCount()).toBe(1);
  jest.advanceTimersByTime(50);
  // The next batch's monitor, before the tick: the same timer.
  const c = new IdleHeartbeatMonitor(100, () => false);
  expect(jest.getTimerCount()).toBe(1);
  const missed: number[] = [];
  const d = new IdleHeartbeatMonitor(100, (n) => (missed.push(n), true), 1);
  jest.advanceTimersByTime(250);
  expect(missed).toEqual([1]);
  expect(d.running).toBe(false);
  c.cancel();
  expect(jest.getTimerCount()).toBe(1);
  jest.advanceTimersByTime(100);
  expect(jest.getTimerCount()).toBe(0);
  // And a new monitor after that starts a new timer.
  const e = new IdleHeartbeatMonitor(100, () => false);
  expect(jest.getTimerCount()).toBe(1);
  e.cancel();
  jest.advanceTimersByTime(100);
  expect(jest.getTimerCount()).toBe(0);
});

test("a timer left without monitors keeps no process alive; a newcomer makes it count again", () => {
  jest.useRealTimers();
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
  const before = timers();
  const a = new IdleHeartbeatMonitor(60_000, () => false);
  expect(timers()).toBe(before + 1);
  a.cancel();
  expect(timers()).toBe(before); // still there, unreferenced, until its next tick
  const b = new IdleHeartbeatMonitor(60_000, () => false);
  expect(timers()).toBe(before + 1);
  b.cancel();
  expect(timers()).toBe(before);
});
