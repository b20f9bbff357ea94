// The byte bounds of an ordered consume() without a given bound (ordered-budget.ts): the batch from the
// messages' size, each request's max_bytes, and what is asked for after a 409. The simulation against a model
// server is in ordered-budget.prop.test.ts.
import { ONE_MESSAGE, OrderedBytes, orderedBytesPerMessage, orderedMaxMessages, orderedRequestBytes, primeAtMost, WAIT } from "../../src/consumers/ordered-budget";
import { ORDERED_BATCH_BYTES, ORDERED_MAX_MESSAGES_SMALL } from "../../src/consumers/pull-options";

const MiB = 1024 * 1024;

test("the batch from the messages' size: up to 16384 small ones, else what fits 8 MiB with 256 B each and a share of 1.125 x their size, down to 1", () => {
  expect(orderedMaxMessages(0)).toBe(ORDERED_MAX_MESSAGES_SMALL);
  expect(orderedMaxMessages(227)).toBe(16384);
  // Larger: a request's share per message (half of 8 MiB over the batch) at least 1.125 x their size, so their
  // requests end by count: 1 KiB messages 3640 (6553 with 256 B each alone), 4 KiB ones 910.
  expect(orderedMaxMessages(256)).toBe(Math.floor((8 * MiB) / (2.25 * 256)));
  expect(orderedMaxMessages(1024)).toBe(3640);
  expect(orderedMaxMessages(4096)).toBe(910);
  // Large messages: what fits, not at least 1024 of them (main's batch held 1024 x 1 MiB).
  expect(orderedMaxMessages(512 * 1024)).toBe(7);
  expect(orderedMaxMessages(20 * MiB)).toBe(1);
  expect(orderedMaxMessages(Number.NaN)).toBe(ORDERED_MAX_MESSAGES_SMALL);
  for (let size = 0; size < 4 * MiB; size = Math.ceil(size * 1.07) + 1) {
    const n = orderedMaxMessages(size);
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThanOrEqual(ORDERED_MAX_MESSAGES_SMALL);
    if (n > 1) expect(n * (size + 256)).toBeLessThanOrEqual(ORDERED_BATCH_BYTES);
    if (n > 1 && n < ORDERED_MAX_MESSAGES_SMALL) expect(orderedBytesPerMessage(n)).toBeGreaterThanOrEqual(1.125 * size - 1);
  }
});

test("a request's bytes: its share of half the bound (256 B per message for 16384), a prime, never more than the bound", () => {
  expect(orderedBytesPerMessage(16384)).toBe(256);
  expect(orderedBytesPerMessage(1024)).toBe(4096);
  expect(orderedRequestBytes(8192, 16384)).toBe(primeAtMost(8192 * 256));
  expect(orderedRequestBytes(8192, 16384)).toBeGreaterThan(8192 * 255);
  for (const [batch, max] of [[1, 1], [512, 1024], [1024, 1024], [16384, 16384], [7, 15]]) {
    const b = orderedRequestBytes(batch!, max!);
    expect(b).toBeLessThanOrEqual(ORDERED_BATCH_BYTES / 2);
    expect(b).toBeGreaterThan(0);
  }
});

test("primeAtMost: the largest prime at most n", () => {
  expect([2, 3, 4, 10, 100, 1_000_000].map(primeAtMost)).toEqual([2, 3, 3, 7, 97, 999_983]);
  const p = primeAtMost(4 * MiB);
  for (let d = 2; d * d <= p; d++) expect(p % d).not.toBe(0);
});

test("after a 409: asks for double what the request had left, at once when that fits its share, else once nothing is coming, or for the message alone", () => {
  const b = new OrderedBytes();
  const share = orderedRequestBytes(512, 1024);
  // A request that ended with 100 kB left: the next message is larger than that, which the next share fits.
  b.tooLarge(100_000);
  expect(b.requestBytes(512, 1024, 300, 10)).toBe(share);
  expect(b.nextAtLeast).toBe(0);
  // 3 MiB left (a server with a larger max_payload): 6 MiB, once nothing else is coming.
  b.tooLarge(3 * MiB);
  expect(b.requestBytes(512, 1024, 300, 10)).toBe(WAIT);
  expect(b.requestBytes(512, 1024, 0, 10)).toBe(2 * (3 * MiB + 1));
  // 5 MiB left: more than the bound, asked for alone once nothing is coming or queued.
  b.tooLarge(5 * MiB);
  expect(b.requestBytes(512, 1024, 0, 10)).toBe(WAIT);
  expect(b.requestBytes(512, 1024, 0, 0)).toBe(ONE_MESSAGE);
  expect(b.requestBytes(512, 1024, 0, 0)).toBe(share);
});
