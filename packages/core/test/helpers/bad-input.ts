/**
 * The bad-input tests' shared material: junk for any argument and an object whose getters throw (fixtures'
 * bad-input, shared with the other packages), the test of "one of core's typed errors with a text", a check
 * of a call's sync/async shape, a connection over the in-memory transport, and a property runner that also
 * fails on any unhandled rejection.
 */
import fc from "fast-check";
import * as core from "../../src/mod";
import type { NatsConnection } from "../../src/mod";
import { isUsersOwn } from "@nats-stack/fixtures/bad-input";
import { memoryConnection, type MemoryServer } from "./memory-transport";

// Junk and the object whose getters throw: one list for every package's tests.
export { isUsersOwn, junk, junkOrThrowing, throwingGetter } from "@nats-stack/fixtures/bad-input";

/** Every error class core exports (InvalidArgumentError, InvalidSubjectError, TimeoutError…). */
export const coreErrors = (Object.values(core) as unknown[]).filter(
  (v): v is new (...a: never[]) => Error => typeof v === "function" && v.prototype instanceof Error,
);

/** nats.js's own TypeErrors that core keeps on purpose (same class and text as nats.js). */
export const natsjsTypeErrors = ["prefix must be a string", "Cannot convert a Symbol value to a number"];

/** "" for one of core's typed errors (or a TypeError nats.js throws itself) with a text; else what is wrong. */
export function typedProblem(err: unknown): string {
  if (!(err instanceof Error)) return `not an Error: ${String(err)}`;
  if (err.message === "") return `empty message (${err.name})`;
  if (coreErrors.some((C) => err instanceof C)) return "";
  if (err instanceof TypeError && natsjsTypeErrors.includes(err.message)) return "";
  return `untyped ${err.name}: ${err.message}`;
}

/** How an API reports failure: a sync one throws, an async one rejects. */
export type Shape = "sync" | "async";

/**
 * Runs `fn`; returns "" when it behaved, else what went wrong. A sync API may throw, an async one must
 * return a promise that settles (or stays pending for a timer the junk asked for: waited `ms` at most).
 */
export async function check(shape: Shape, fn: () => unknown, ms = 200): Promise<string> {
  let r: unknown;
  try {
    r = fn();
  } catch (err) {
    if (shape === "async") return `sync throw from a promise API: ${String((err as Error)?.message ?? err)}`;
    return isUsersOwn(err) ? "" : typedProblem(err);
  }
  if (shape === "sync") return "";
  if (typeof (r as Promise<unknown>)?.then !== "function") return "a promise API returned no promise";
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([r, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    return "";
  } catch (err) {
    return isUsersOwn(err) ? "" : typedProblem(err);
  } finally {
    clearTimeout(timer);
  }
}

/** A connection over the in-memory transport, with the server side to script. */
export async function connected(opts: Record<string, unknown> = {}): Promise<{ nc: NatsConnection; srv: MemoryServer }> {
  return memoryConnection(opts);
}

/** Runs per property. */
export const runs = { numRuns: 150 };

/** Asserts the property over `fc.asyncProperty` and that nothing was left unhandled. */
export async function property<T>(arb: fc.Arbitrary<T>, run: (v: T) => Promise<string>, params = runs): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arb, async (v) => {
      expect(await run(v)).toBe("");
    }),
    params,
  );
  await new Promise((r) => setImmediate(r));
  expect(unhandled).toEqual([]);
}

/** Rejections nobody handled while the calling test file ran (see {@link trackUnhandled}). */
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

/** Collects unhandled rejections for {@link property} during the calling test file (call it at its top level). */
export function trackUnhandled(): void {
  beforeAll(() => process.on("unhandledRejection", onUnhandled));
  afterAll(() => {
    process.off("unhandledRejection", onUnhandled);
  });
}

/**
 * One connection for the calling test file: made before its tests (handed to `use`) and closed after them
 * (call it at the file's top level).
 */
export function connectionPerFile(use: (c: { nc: NatsConnection; srv: MemoryServer }) => void): void {
  let nc: NatsConnection | undefined;
  beforeAll(async () => {
    const c = await connected();
    nc = c.nc;
    use(c);
  });
  afterAll(async () => {
    await nc?.close();
  });
}
