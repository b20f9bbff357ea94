/**
 * What nats.js's own `core/tests/util_test.ts` asserts on its helpers (`backoff`, `deadline`, `nanos`,
 * `millis`, `SimpleMutex`), run on `@nats-io/transport-node` 3.4.0 and on ours, compared (no network).
 */
import { join } from "node:path";
import * as ours from "../../src/entries/node";
import * as oursInternal from "../../src/entries/internal";

type Helpers = Pick<typeof ours, "backoff" | "deadline" | "deferred" | "nanos" | "millis"> & Pick<typeof oursInternal, "SimpleMutex">;
const fixtures = join(__dirname, "../../../../fixtures");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const natsjs = require(require.resolve("@nats-io/transport-node", { paths: [fixtures] })) as Helpers;
const theirs: Helpers = natsjs;
const mine: Helpers = { ...ours, SimpleMutex: oursInternal.SimpleMutex };

/** What each helper does, as text (random waits as the range they fall in). */
async function transcript(h: Helpers): Promise<string[]> {
  const log: string[] = [];
  // "util - backoff": the first wait is exact, later ones within their jitter, the last policy value repeats
  const b = h.backoff([0, 100, 200]);
  const inRange = (n: number, lo: number, hi: number) => n >= lo && n <= hi;
  log.push(`backoff: ${b.backoff(0)} ${inRange(b.backoff(1), 50, 150)} ${inRange(b.backoff(2), 100, 300)} ${inRange(b.backoff(3), 100, 300)}`);
  // "util - backoff bad arg"
  log.push(`backoff("hello") waits: ${(h.backoff as (p: unknown) => { backoff(n: number): number })("hello").backoff(1) > 0}`);
  // "util - deadline"
  const err = await h.deadline(h.deferred(), 50).then(
    () => "resolved",
    (e: Error) => `${e.constructor.name}/${e.name}: ${e.message}`,
  );
  log.push(`deadline: ${err}`);
  log.push(`deadline of a resolved promise: ${String(await h.deadline(Promise.resolve(7), 50))}`);
  // "util - nanos"
  log.push(`nanos(1000) ${h.nanos(1000)}, millis(1e9) ${h.millis(1_000_000_000)}`);
  // "util - simple mutex"
  const m = new h.SimpleMutex(1);
  void m.lock();
  const second = m.lock();
  const counts = (x: unknown) => {
    const v = x as { max: number; current: number; waiting: unknown[] };
    return `max ${v.max} current ${v.current} waiting ${v.waiting.length}`;
  };
  log.push(`mutex with two locks: ${counts(m)}`);
  m.unlock();
  await second;
  log.push(`after unlock: ${counts(m)}`);
  return log;
}

test("util helpers behave as nats.js's", async () => {
  const expected = await transcript(theirs);
  expect(await transcript(mine)).toEqual(expected);
  expect(expected).toContain("deadline: TimeoutError/TimeoutError: timeout");
});
