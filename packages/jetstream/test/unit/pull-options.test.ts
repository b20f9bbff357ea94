// Pull options as fetch() and consume() check them: negative bounds are refused (nats.js sends them, and its
// fetch() ends with `heartbeats missed`, its consume() never starts; the server reads a negative max_bytes as
// no bound), 0 means the default as in nats.js.
import type { NatsConnection } from "@nats-stack/core";
import { ORDERED_MAX_MESSAGES, ORDERED_MAX_MESSAGES_SMALL, orderedBatch, parsePullOptions } from "../../src/consumers/pull-options";

const nc = {} as NatsConnection;

test("negative max_messages and max_bytes throw InvalidArgumentError", () => {
  expect(() => parsePullOptions(nc, { max_messages: -1 }, false)).toThrow("'max_messages' must be greater than 0");
  expect(() => parsePullOptions(nc, { max_messages: -1 }, true)).toThrow(expect.objectContaining({ name: "InvalidArgumentError" }));
  expect(() => parsePullOptions(nc, { max_bytes: -1 }, false)).toThrow("'max_bytes' must be greater than 0");
});

test("0 means the default, as in nats.js", () => {
  expect(parsePullOptions(nc, { max_messages: 0 }, false).max_messages).toBe(100);
  expect(parsePullOptions(nc, { max_bytes: 0 }, false)).toMatchObject({ max_messages: 100, max_bytes: 0 });
  expect(parsePullOptions(nc, { max_messages: 0, expires: 0 }, true).expires).toBe(30_000);
});

test("an ordered consume()'s batch from its messages' size: up to 16384 for small ones, never below 1024", () => {
  expect(orderedBatch(0)).toBe(ORDERED_MAX_MESSAGES_SMALL);
  expect(orderedBatch(230)).toBe(16384);
  // About 8 MiB: 1 KiB messages (plus 256 B each for the client's objects) give 6553, 4 KiB ones 1927.
  expect(orderedBatch(1024)).toBe(Math.floor((8 * 1024 * 1024) / (1024 + 256)));
  expect(orderedBatch(4096)).toBe(1927);
  expect(orderedBatch(8192)).toBe(ORDERED_MAX_MESSAGES);
  expect(orderedBatch(1024 * 1024)).toBe(1024);
  expect(orderedBatch(Number.NaN)).toBe(ORDERED_MAX_MESSAGES);
  for (let size = 0; size < 20_000; size += 97) {
    const b = orderedBatch(size);
    expect(b).toBeGreaterThanOrEqual(ORDERED_MAX_MESSAGES);
    expect(b).toBeLessThanOrEqual(ORDERED_MAX_MESSAGES_SMALL);
    if (size >= 97) expect(b).toBeLessThanOrEqual(orderedBatch(size - 97));
  }
});
