/**
 * The drop-in programs' harness: each program is written once against a set of client modules and run twice on
 * the same real server, with nats.js's packages (`@nats-io/transport-node`, `@nats-io/jetstream`, `@nats-io/kv`,
 * `@nats-io/obj` 3.4.0) and with ours; what its user would see (lines, resolved values' shapes, errors'
 * classes, names and texts, event order, sync vs async results) must be the same.
 */
import * as theirCore from "@nats-io/transport-node";
import * as theirJs from "@nats-io/jetstream";
import * as theirKv from "@nats-io/kv";
import * as theirObj from "@nats-io/obj";
import * as core from "@nats-stack/core";
import * as js from "@nats-stack/jetstream";
import * as kv from "@nats-stack/jetstream/kv";
import * as obj from "@nats-stack/jetstream/obj";
import { serverPerFile } from "@nats-stack/fixtures/server-per-file";
import { isPromise, shape } from "@nats-stack/fixtures/value-shape";

/** Fixtures' value shapes (five levels deep), for the programs that compare results by form. */
export { isPromise, shape };

/** The modules a program imports: ours, typed as ours (nats.js's have the same names). */
export interface Client {
  core: typeof core;
  js: typeof js;
  kv: typeof kv;
  obj: typeof obj;
}

export const clients: [string, Client][] = [
  ["nats.js", { core: theirCore, js: theirJs, kv: theirKv, obj: theirObj } as unknown as Client],
  ["ours", { core, js, kv, obj }],
];

let counter = 0;
/** A name unique to one run of one program (stream, bucket and subject prefixes). */
export function unique(tag: string): string {
  return `${tag}_${process.pid}_${++counter}`;
}

/** What a user sees of an error: its class, name, message and cause, as text. */
export function seen(err: unknown): string {
  if (!(err instanceof Error)) return `not an Error: ${typeof err} ${String(err)}`;
  const cause = err.cause instanceof Error ? ` cause ${seen(err.cause)}` : "";
  return `${err.constructor.name}/${err.name}: ${err.message}${cause}`;
}

/** What a call gave: `value` for a result, the error seen for a throw or rejection, with its sync/async shape. */
export async function outcome(fn: () => unknown, show: (v: unknown) => unknown = (v) => v): Promise<string> {
  let r: unknown;
  try {
    r = fn();
  } catch (err) {
    return `sync throw ${seen(err)}`;
  }
  if (!isPromise(r)) return `sync ${JSON.stringify(show(r))}`;
  try {
    return `async ${JSON.stringify(show(await r))}`;
  } catch (err) {
    return `async reject ${seen(err)}`;
  }
}

/** Runs `program` with nats.js, then with ours, and expects the same transcript; returns ours. */
export async function same(program: (c: Client) => Promise<unknown[]>): Promise<unknown[]> {
  const got: Record<string, unknown[]> = {};
  for (const [name, c] of clients) got[name] = await program(c);
  // DROP_IN_PRINT=1 shows the transcripts (to read what the programs saw)
  if (process.env.DROP_IN_PRINT) console.log(JSON.stringify(got.ours, null, 1));
  expect(got.ours).toEqual(got["nats.js"]);
  return got.ours!;
}

/**
 * A JetStream nats-server for one file's programs, started before them and stopped after them (registers the
 * jest hooks; call it at the file's top level). `url` is read once the server runs.
 */
export function jetStreamServer(): { readonly url: string } {
  return serverPerFile({ jetstream: true });
}

/** What {@link withStream} makes: a connection, its JetStream manager and client, a stream and its prefix. */
export interface StreamSetup {
  nc: core.NatsConnection;
  jsm: js.JetStreamManager;
  js: js.JetStreamClient;
  stream: string;
  /** The stream's subject prefix (its name in lower case). */
  p: string;
}

/**
 * The start of most programs: a connection to `url` (with `connect` options), its JetStream manager and
 * client (with `jsOpts`), and a stream named `<tag>_<unique>` on `subjects(p)` (default `<p>.>`).
 */
export async function withStream(
  c: Client,
  url: string,
  tag: string,
  opts: { subjects?: (p: string) => string[]; connect?: core.ConnectionOptions; jsOpts?: js.JetStreamOptions } = {},
): Promise<StreamSetup> {
  const nc = await c.core.connect({ servers: url, ...opts.connect });
  const jsm = await c.js.jetstreamManager(nc);
  const stream = unique(tag);
  const p = stream.toLowerCase();
  await jsm.streams.add({ name: stream, subjects: opts.subjects?.(p) ?? [`${p}.>`] });
  return { nc, jsm, js: c.js.jetstream(nc, opts.jsOpts), stream, p };
}

