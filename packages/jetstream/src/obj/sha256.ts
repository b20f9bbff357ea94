/**
 * SHA-256 for the object store, without hash code of our own.
 *
 * WebCrypto (`crypto.subtle.digest`) hashes a whole buffer in one call; it has no incremental form, and an
 * incremental SHA-256 written in JS is exactly the bundled hash code this package does without. So:
 * - where the runtime has its own incremental SHA-256 (`node:crypto`'s `createHash`, reached through
 *   `process.getBuiltinModule`: Node 20.16+, Deno 2, Bun; nothing here imports a runtime module, so bundlers
 *   have nothing to resolve), every read and write hashes the chunks as they pass;
 * - where it has not (browsers, workerd without nodejs_compat), WebCrypto hashes `putBlob`'s buffer (on its
 *   own thread, while the chunks go out) and `getBlob`'s assembled bytes, and a stream (`put`, `get`) keeps its
 *   bytes until its end to hash them with WebCrypto: memory then grows with the object, unless the application
 *   hands in an incremental hasher with `setSha256Backend(factory)`.
 * nats.js instead bundles a pure-JS SHA-256 (js-sha256) as its default and offers `node:crypto` as "native".
 */

/** An incremental SHA-256, as nats.js's. */
export type StreamingSha256 = {
  update(data: Uint8Array): void;
  digest(): Uint8Array;
};

/**
 * nats.js's backend names. `"js"` (the default) here means: the runtime's incremental SHA-256 when there is
 * one, else WebCrypto over the kept bytes. `"native"` requires `node:crypto`.
 */
export type Sha256Backend = "js" | "native";

/** A hasher of a stream: `digest()` is asynchronous because the WebCrypto fallback is. */
export interface StreamHasher {
  update(data: Uint8Array): void;
  digest(): Promise<Uint8Array>;
}

type NodeCrypto = { createHash(alg: "sha256"): { update(d: Uint8Array): unknown; digest(): Uint8Array } };

let backend: Sha256Backend = "js";
let custom: (() => StreamingSha256) | undefined;
let nodeCrypto: NodeCrypto | null | undefined;

/**
 * Picks how streams are hashed, process-wide: `"js"` (default, see {@link Sha256Backend}), `"native"`, or
 * (ours) a function returning a {@link StreamingSha256}, for runtimes without `node:crypto`.
 */
export function setSha256Backend(b: Sha256Backend | (() => StreamingSha256)): void {
  if (typeof b === "function") {
    custom = b;
    return;
  }
  if (b !== "js" && b !== "native") throw new Error(`unknown sha256 backend: ${b as string}`);
  backend = b;
  custom = undefined;
}

/** The backend chosen with {@link setSha256Backend} (`"js"` also when a function was given). */
export function getSha256Backend(): Sha256Backend {
  return backend;
}

// What the runtime was probed with: probed again if it changes (tests hide it to act as a browser).
let probedWith: unknown;

function runtimeCrypto(): NodeCrypto | null {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (nodeCrypto !== undefined && probedWith === p?.getBuiltinModule) return nodeCrypto;
  probedWith = p?.getBuiltinModule;
  let m: unknown;
  try {
    m = typeof p?.getBuiltinModule === "function" ? p.getBuiltinModule("node:crypto") : undefined;
  } catch {
    m = undefined;
  }
  nodeCrypto = typeof (m as NodeCrypto | undefined)?.createHash === "function" ? (m as NodeCrypto) : null;
  return nodeCrypto;
}

/** True when WebCrypto's digest is there (the object store needs it, as nats.js's does). */
export function hasWebCryptoDigest(): boolean {
  return typeof globalThis.crypto?.subtle?.digest === "function";
}

/** SHA-256 of a whole buffer with WebCrypto. */
export async function digestWhole(data: Uint8Array): Promise<Uint8Array> {
  // (A SharedArrayBuffer view is fine for digest; the DOM typing says otherwise.)
  return new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
}

/** Keeps the bytes of a stream and hashes them whole at the end (runtimes without an incremental hash). */
class WholeHasher implements StreamHasher {
  private parts: Uint8Array[] = [];
  private size = 0;
  update(data: Uint8Array): void {
    this.parts.push(data.slice());
    this.size += data.length;
  }
  digest(): Promise<Uint8Array> {
    const all = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      all.set(p, at);
      at += p.length;
    }
    this.parts = [];
    return digestWhole(all);
  }
}

/**
 * An incremental hasher when there is one (the application's, or the runtime's), else undefined: callers that
 * hold the whole object anyway then hash it with WebCrypto instead of keeping a second copy.
 */
export function incrementalHasher(): StreamHasher | undefined {
  if (custom || runtimeCrypto()) return streamHasher();
  return undefined;
}

/** A hasher of a stream with the chosen backend. */
export function streamHasher(): StreamHasher {
  if (custom) {
    const h = custom();
    return { update: (d) => h.update(d), digest: () => Promise.resolve(h.digest()) };
  }
  const nc = runtimeCrypto();
  if (nc) {
    const h = nc.createHash("sha256");
    return { update: (d) => void h.update(d), digest: () => Promise.resolve(new Uint8Array(h.digest())) };
  }
  if (backend === "native") throw new Error("sha256 backend 'native' selected but `node:crypto` is not available in this runtime");
  return new WholeHasher();
}
