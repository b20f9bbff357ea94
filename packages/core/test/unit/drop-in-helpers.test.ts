/**
 * nats.js's small helpers, called side by side with nats.js 3.4 itself: `createInbox(null)`,
 * `backoff("hello")` (a non-array policy falls back to the default one) and `isIP` (exact: `256.0.0.1` is
 * no IP).
 */
import { join } from "node:path";
import { backoff, createInbox } from "../../src/mod";
import { isIP } from "../../src/entries/internal";

const fixtures = join(__dirname, "../../../../fixtures");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const theirs = require(require.resolve("@nats-io/nats-core/internal", { paths: [fixtures] })) as {
  createInbox(p?: unknown): string;
  backoff(p?: unknown): { backoff(n: number): number };
  isIP(h: string): boolean;
};

test("createInbox(null) and createInbox(undefined) use the default prefix, as nats.js", () => {
  for (const p of [null, undefined, ""]) {
    expect(theirs.createInbox(p)).toMatch(/^_INBOX\.[0-9A-Za-z]{22}$/);
    expect(createInbox(p as unknown as string)).toMatch(/^_INBOX\.[0-9A-Za-z]{22}$/);
  }
  expect(createInbox("my.prefix")).toMatch(/^my\.prefix\./);
  expect(() => createInbox("bad.*")).toThrow(/cannot have wildcards/);
  expect(() => theirs.createInbox("bad.*")).toThrow(/cannot have wildcards/);
  // what nats.js does not check is named as what it is (it was called a wildcard)
  expect(() => createInbox("a b")).toThrow("'prefix' is not a valid subject prefix ('a b'): contains a space");
  expect(() => createInbox("a..b")).toThrow("'prefix' is not a valid subject prefix ('a..b'): has an empty token");
});

test("backoff('hello') uses the default policy, as nats.js (waits within the jitter of 0, 250, …, 5000)", () => {
  const policy = [0, 250, 250, 500, 500, 3000, 5000];
  for (const b of [backoff("hello" as unknown as number[]), theirs.backoff("hello"), backoff()]) {
    for (let attempt = 0; attempt < 10; attempt++) {
      const base = policy[Math.min(attempt, policy.length - 1)]!;
      const v = b.backoff(attempt);
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(Math.floor(base / 2));
      expect(v).toBeLessThanOrEqual(Math.ceil(base * 1.5));
    }
  }
});

test("isIP agrees with nats.js on addresses and non-addresses", () => {
  const cases = [
    "127.0.0.1",
    "0.0.0.0",
    "255.255.255.255",
    "256.0.0.1",
    "1.2.3",
    "a.b.c.d",
    "localhost",
    "demo.nats.io",
    "",
    "::",
    "::1",
    "fe80::1",
    "2001:db8::8a2e:370:7334",
    "2001:0db8:0000:0000:0000:ff00:0042:8329",
    "::ffff:192.0.2.1",
    "1::2::3",
    "12345::1",
    "g::1",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    ":1",
    "1:",
  ];
  for (const h of cases) expect([h, isIP(h)]).toEqual([h, theirs.isIP(h)]);
  expect(isIP("256.0.0.1")).toBe(false);
  // Where we are stricter on purpose: nats.js ignores whatever follows a fourth octet.
  expect([theirs.isIP("1.2.3.4.5"), isIP("1.2.3.4.5")]).toEqual([true, false]);
});
