// The options of jetstream() and jetstreamManager(): nats.js's defaults and checks.
import type { NatsConnection } from "@nats-stack/core";
import { resolveJsOptions } from "../../src/api/options";

const nc = { options: {} } as unknown as NatsConnection;

test("timeout 0 means the default (nats.js accepts it), a negative or non-number timeout is refused", () => {
  expect(resolveJsOptions(nc, { timeout: 0 }).timeout).toBe(5000);
  expect(resolveJsOptions(nc, {}).timeout).toBe(5000);
  expect(resolveJsOptions(nc, { timeout: 250 }).timeout).toBe(250);
  expect(() => resolveJsOptions(nc, { timeout: -1 })).toThrow("'timeout' must be greater than 0");
  expect(() => resolveJsOptions(nc, { timeout: "5" as never })).toThrow(expect.objectContaining({ name: "InvalidArgumentError" }));
});
