/**
 * Runs one program twice, once with `@nats-io/transport-node` 3.4.0 and once with `@nats-stack/core`, and
 * compares what a user of each would see (a transcript of text lines). Used by the `natsjs-*` integration
 * tests, which check the behaviours nats.js's own core tests assert on its public API.
 */
import { join } from "node:path";
import * as ours from "@nats-stack/core";

export { until } from "@nats-stack/fixtures/until";
export { isPromise } from "@nats-stack/fixtures/value-shape";
import { shape as valueShape } from "@nats-stack/fixtures/value-shape";

/** The client module a program is written against (both clients export the same names). */
export type Client = typeof ours;

const fixtures = join(__dirname, "../../../../fixtures");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const natsjs = require(require.resolve("@nats-io/transport-node", { paths: [fixtures] })) as Client;

/** nats.js first, then ours. */
export const clients: [string, Client][] = [
  ["nats.js", natsjs],
  ["ours", ours],
];

/**
 * What a user sees of an error: its class, name, message and cause, as text. Not its `code`: nats.js v3's
 * errors have none, ours add a stable one (src/errors.ts), which a program written for nats.js never reads.
 */
export function seen(err: unknown): string {
  if (!(err instanceof Error)) return `not an Error: ${typeof err} ${String(err)}`;
  // Our input checks add the reason as a cause (a `ValidationError`, or any cause of an
  // `InvalidSubjectError`: packages/core/README.md); nats.js has none.
  const shown = err.cause instanceof Error && err.cause.name !== "ValidationError" && err.name !== "InvalidSubjectError";
  const cause = shown ? ` cause ${seen(err.cause)}` : err.cause === undefined || err.cause instanceof Error ? "" : ` cause ${String(err.cause)}`;
  return `${err.constructor.name}/${err.name}: ${err.message}${cause}`;
}

/**
 * How a call ends, as text: a synchronous throw, a value, or how the promise it returned settled (or that
 * it had not settled after `ms`, for calls that may never settle).
 */
export async function outcome(fn: () => unknown, ms = 5000): Promise<string> {
  let v: unknown;
  try {
    v = fn();
  } catch (err) {
    return `throws ${seen(err)}`;
  }
  if (typeof (v as { then?: unknown })?.then !== "function") return `returns ${String(v)}`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Promise<string>((r) => (timer = setTimeout(() => r(`still pending after ${ms} ms`), ms)));
  const settled = (v as Promise<unknown>).then(
    (x) => `resolves ${String(x)}`,
    (err: unknown) => `rejects ${seen(err)}`,
  );
  try {
    return await Promise.race([settled, pending]);
  } finally {
    clearTimeout(timer);
  }
}

/** The shape of a value (fixtures' value-shape), four levels deep: what core's programs compare. */
export function shape(v: unknown): unknown {
  return valueShape(v, 4);
}

/** Collects what an async iterable yields (nats.js's internal `collect`). */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

let counter = 0;
/** A subject prefix unique to one run of one program. */
export function prefix(tag: string): string {
  return `njs.${tag}.${process.pid}.${++counter}`;
}

/** Runs `program` with nats.js, then with ours, and expects the same transcript; returns ours. */
export async function same(program: (c: Client, name: string) => Promise<unknown[]>): Promise<unknown[]> {
  const got: Record<string, unknown[]> = {};
  for (const [name, c] of clients) got[name] = await program(c, name);
  // DROP_IN_PRINT=1 shows the transcripts (to read what the programs saw)
  if (process.env.DROP_IN_PRINT) console.log(JSON.stringify(got, null, 1));
  expect(got.ours).toEqual(got["nats.js"]);
  return got.ours!;
}
