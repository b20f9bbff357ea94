import {
  ClientOpCollector,
  ClientOpParser,
  ServerOpCollector,
  ServerOpParser,
  encodeClientOp,
  encodeServerOp,
  joinParts,
  type ClientOp,
  type ServerOp,
} from "../src";

export const te = new TextEncoder();
export const td = new TextDecoder();
export const bytes = (s: string): Uint8Array => te.encode(s);

/** Drops what is not part of an op's meaning (the raw JSON text may differ in spacing). */
export function normalize<T extends ServerOp | ClientOp>(ops: T[]): T[] {
  return ops.map((o) => {
    if (o.kind === "INFO" || o.kind === "CONNECT") {
      const { raw: _raw, ...rest } = o as { raw?: string };
      return rest as T;
    }
    return o;
  });
}

export function parseServer(chunks: Uint8Array[]): ServerOp[] {
  const c = new ServerOpCollector();
  const p = new ServerOpParser(c);
  for (const ch of chunks) p.parse(ch);
  return normalize(c.ops);
}

export function parseClient(chunks: Uint8Array[]): ClientOp[] {
  const c = new ClientOpCollector();
  const p = new ClientOpParser(c);
  for (const ch of chunks) p.parse(ch);
  return normalize(c.ops);
}

export const encodeServer = (ops: ServerOp[]): Uint8Array => joinParts(ops.flatMap((o) => encodeServerOp(o)));
export const encodeClient = (ops: ClientOp[]): Uint8Array => joinParts(ops.flatMap((o) => encodeClientOp(o)));

/** Every way of cutting `b` into two pieces, and into three for short inputs. */
export function* splits(b: Uint8Array): Generator<Uint8Array[]> {
  for (let i = 0; i <= b.length; i++) yield [b.slice(0, i), b.slice(i)];
  if (b.length <= 64) {
    for (let i = 1; i < b.length; i++) for (let j = i + 1; j < b.length; j++) yield [b.slice(0, i), b.slice(i, j), b.slice(j)];
  }
}

/** Cuts `b` at the given offsets (sorted, deduplicated, in range). */
export function cut(b: Uint8Array, at: number[]): Uint8Array[] {
  const points = [...new Set(at.map((x) => Math.max(0, Math.min(b.length, x))))].sort((x, y) => x - y);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(b.slice(prev, p));
    prev = p;
  }
  out.push(b.slice(prev));
  return out;
}

/** Collects the error a function throws. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected an exception");
}
