// Pull options as fetch() and consume() check them: negative bounds are refused (nats.js sends them, and its
// fetch() ends with `heartbeats missed`, its consume() never starts; the server reads a negative max_bytes as
// no bound), 0 means the default as in nats.js.
import type { NatsConnection } from "@nats-stack/core";
import { parsePullOptions } from "../../src/consumers/pull-options";

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
