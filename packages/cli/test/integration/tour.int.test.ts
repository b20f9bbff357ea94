/** The tour runs to the end against a server it starts, showing every step. */
import { buildCli, runCli, type BuiltCli } from "../helpers/cli";

let cli: BuiltCli;
beforeAll(() => {
  cli = buildCli();
});
afterAll(() => cli?.cleanup());

test("nats-stack tour runs to the end and shows what it sends and receives", async () => {
  const r = await runCli(cli, ["tour"], { timeout: 90_000 });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const out = r.stdout;
  expect(out).toMatch(/Started nats-server v2\.\d+\.\d+ on nats:\/\/127\.0\.0\.1:\d+ for this tour/);
  for (const step of [
    "1/6  Publish and subscribe, with wildcards",
    "2/6  Queue groups share the work",
    "3/6  Request and reply",
    "4/6  Scatter-gather",
    "5/6  Headers",
    "6/6  NATS Streaming (STAN): messages that wait for you",
  ]) {
    expect(out).toContain(step);
  }
  // Wildcards: the orders reached both subscriptions, the inventory message only '>'.
  expect(out.match(/← orders\.\*\s+tour\.orders\.\w+/g)).toHaveLength(2);
  expect(out.match(/← >\s+tour\.\S+/g)).toHaveLength(3);
  // Queue group: six jobs, each to one worker.
  expect(out.match(/← worker-\d\s+tour\.jobs  job \d/g)).toHaveLength(6);
  expect(out).toContain("(6 in all, none twice); the auditor saw all 6.");
  expect(out).toMatch(/3 answers; the best price is 3\.95 from south\./);
  expect(out).toContain("[Order-Id: 1, Priority: high]");
  expect(out).toContain("NATS/1.0 503 → no responders: 'tour.nobody'");
  expect(out).toContain("Reopened: it resumed after #3 and got only #4 and #5 (1, 2, 3, 4, 5 in all, none twice).");
  expect(out).toContain("That was the tour.");
});
