/**
 * Runs one node-nats-streaming program twice, first on the reference client (node-nats-streaming 0.3.2 on
 * nats@1) and then on ours, against the same fake STAN server, so a test states the reference's behaviour by
 * showing it and then checks ours against it. The programs use only the API both share (events, callbacks).
 */
import * as ours from "../../src/index";
import { referenceStan } from "./reference-client";

// biome-ignore lint: the programs drive two clients, one of them untyped JavaScript
export type AnyClient = any;

/** What a program needs of a client library: node-nats-streaming's module shape. */
export interface StanLib {
  name: "reference" | "ours";
  connect(clusterID: string, clientID: string, opts?: unknown): AnyClient;
  StartPosition: { NEW_ONLY: number; LAST_RECEIVED: number; TIME_DELTA_START: number; SEQUENCE_START: number; FIRST: number };
}

export const REFERENCE: StanLib = { name: "reference", connect: referenceStan.connect, StartPosition: referenceStan.StartPosition };
export const OURS: StanLib = { name: "ours", connect: ours.connect, StartPosition: ours.StartPosition };

/** Runs `program` on the reference, then on ours; returns what each observed. */
export async function sideBySide<T>(program: (lib: StanLib) => Promise<T>): Promise<{ reference: T; ours: T }> {
  const reference = await program(REFERENCE);
  return { reference, ours: await program(OURS) };
}

/** An event or error as text: `name`, or `name: message` (the reference passes some errors as strings). */
export function shown(name: string, x?: unknown): string {
  if (x === undefined || x === null) return name;
  if (typeof x === "string") return `${name}: ${x} (string)`;
  if (x instanceof Error) return `${name}: ${x.message}`;
  return name;
}

/** Records `names` events of `em` in order. */
export function record(em: { on(e: string, f: (...a: unknown[]) => void): unknown }, names: string[]): string[] {
  const seen: string[] = [];
  for (const n of names) em.on(n, (x?: unknown) => seen.push(n === "error" || n === "timeout" || n === "connection_lost" ? shown(n, x) : n));
  return seen;
}

/** Connects and resolves on `connect`; rejects on `error`. */
export function connected(lib: StanLib, clusterID: string, clientID: string, opts: unknown): Promise<AnyClient> {
  const sc = lib.connect(clusterID, clientID, opts);
  return new Promise((resolve, reject) => {
    sc.once("connect", () => resolve(sc));
    sc.once("error", reject);
  });
}

/** Closes a client (either library) and resolves on its `close` event with the close argument. */
export function closed(sc: AnyClient): Promise<unknown> {
  if (sc.isClosed()) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    sc.once("close", (e?: unknown) => resolve(e));
    const r = sc.close();
    // Ours returns a promise; it never rejects, but a program must not leave one unhandled either way.
    if (r && typeof r.then === "function") r.then(undefined, () => {});
  });
}

/** Resolves with `[err, guid]` once the PubAck of a publish on `sc` came back. */
export function published(sc: AnyClient, subject: string, data?: unknown): Promise<[unknown, string]> {
  return new Promise((resolve) => sc.publish(subject, data, (err: unknown, guid: string) => resolve([err, guid])));
}

/** Resolves on the first `event` of `em` with its argument. */
export function next<T = unknown>(em: { once(e: string, f: (x: T) => void): unknown }, event: string): Promise<T> {
  return new Promise((resolve) => em.once(event, resolve));
}
