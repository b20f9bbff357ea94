import fc from "fast-check";
import { ClientOpCollector, ClientOpParser, ProtocolError, ServerOpCollector, ServerOpParser } from "../src";
import { clientOp, cuts, serverOp } from "./arbitraries";
import { cut, encodeClient, encodeServer, normalize, parseClient, parseServer } from "./helpers";

const runs = Number(process.env.FC_RUNS ?? 300);

function chunked(b: Uint8Array, fractions: number[]): Uint8Array[] {
  return cut(b, fractions.map((f) => Math.floor(f * b.length)));
}

describe("any sequence of valid ops, any chunking == one chunk", () => {
  test("server ops", () => {
    fc.assert(
      fc.property(fc.array(serverOp, { maxLength: 12 }), cuts, (ops, fr) => {
        const wire = encodeServer(ops);
        const one = parseServer([wire]);
        expect(one).toEqual(normalize(ops));
        expect(parseServer(chunked(wire, fr))).toEqual(one);
      }),
      { numRuns: runs },
    );
  });
  test("client ops", () => {
    fc.assert(
      fc.property(fc.array(clientOp, { maxLength: 12 }), cuts, (ops, fr) => {
        const wire = encodeClient(ops);
        const one = parseClient([wire]);
        expect(one).toEqual(normalize(ops));
        expect(parseClient(chunked(wire, fr))).toEqual(one);
      }),
      { numRuns: runs },
    );
  });
  test("byte-by-byte feeding equals one chunk", () => {
    fc.assert(
      fc.property(fc.array(serverOp, { maxLength: 4 }), (ops) => {
        const wire = encodeServer(ops);
        const bytes = Array.from(wire, (b) => Uint8Array.of(b));
        expect(parseServer(bytes)).toEqual(parseServer([wire]));
      }),
      { numRuns: 100 },
    );
  });
});

describe("the one-pass MSG/HMSG line reader agrees with the general path", () => {
  // Lines near the shape the fast path takes, and many just off it: blanks, case, digits, extra or missing
  // arguments, limits. The same parser with the fast path turned off is the reference.
  const sep = fc.constantFrom(" ", " ", " ", "  ", "\t");
  const num = fc.oneof(fc.nat(300).map(String), fc.constantFrom("", "x", "-1", "007", "99999999999999999999", "1 2"));
  const word = fc.constantFrom("a", "foo.bar", "_INBOX.x.1", "a\rb", "\u00e9", "", "a\u007fb", "12", "$JS.ACK.S.c.1.2.3.4.0");
  const line = fc
    .tuple(fc.constantFrom("MSG", "HMSG", "msg", "Hmsg", "MSGX", "HMSGX", "HMS", "HSG", "MS", "H", "M"), fc.array(fc.tuple(sep, fc.oneof(word, num)), { minLength: 1, maxLength: 6 }), fc.constantFrom("\r\n", "\n", " \r\n", "\r\r\n"))
    .map(([op, args, end]) => op + args.map(([s, a]) => s + a).join("") + end);
  class GeneralOnly extends ServerOpParser {
    protected override quickLine(): number {
      return -1;
    }
  }
  function outcome(chunks: Uint8Array[], maxControlLine: number | undefined, general: boolean): unknown {
    const c = new ServerOpCollector();
    const opts = { maxControlLine, maxPayload: 200 };
    const p = general ? new GeneralOnly(c, opts) : new ServerOpParser(c, opts);
    try {
      for (const ch of chunks) p.parse(ch);
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      return { ops: normalize(c.ops), code: e.code, offset: e.offset };
    }
    return { ops: normalize(c.ops) };
  }
  test("same ops or the same error", () => {
    fc.assert(
      fc.property(line, fc.uint8Array({ maxLength: 300 }), fc.constantFrom(undefined, 12, 40), (l, body, max) => {
        const wire = new Uint8Array([...new TextEncoder().encode(l), ...body, 13, 10, ...new TextEncoder().encode("PING\r\n")]);
        expect(outcome([wire], max, false)).toEqual(outcome([wire], max, true));
      }),
      { numRuns: runs * 4 },
    );
  });
  test("same ops or the same error when the line or its payload is cut across two chunks", () => {
    fc.assert(
      fc.property(line, fc.uint8Array({ maxLength: 80 }), fc.double({ min: 0, max: 1, noNaN: true }), (l, body, at) => {
        const wire = new Uint8Array([...new TextEncoder().encode(l), ...body, 13, 10, ...new TextEncoder().encode("PING\r\n")]);
        const cut = Math.floor(at * wire.length);
        const chunks = [wire.slice(0, cut), wire.slice(cut)];
        expect(outcome(chunks, undefined, false)).toEqual(outcome(chunks, undefined, true));
      }),
      { numRuns: runs * 2 },
    );
  });
});

/** Feeds chunks; returns normally or with a ProtocolError. Anything else fails the property. */
function feedServer(chunks: Uint8Array[]): { ops: number; buffered: number; fed: number } {
  const c = new ServerOpCollector();
  const p = new ServerOpParser(c);
  let fed = 0;
  let buffered = 0;
  try {
    for (const ch of chunks) {
      fed += ch.length;
      p.parse(ch);
      buffered = Math.max(buffered, p.bufferedBytes);
    }
  } catch (e) {
    if (!(e instanceof ProtocolError)) throw e;
    buffered = Math.max(buffered, p.bufferedBytes);
  }
  return { ops: c.ops.length, buffered, fed };
}

function feedClient(chunks: Uint8Array[]): { buffered: number; fed: number } {
  const p = new ClientOpParser(new ClientOpCollector());
  let fed = 0;
  let buffered = 0;
  try {
    for (const ch of chunks) {
      fed += ch.length;
      p.parse(ch);
      buffered = Math.max(buffered, p.bufferedBytes);
    }
  } catch (e) {
    if (!(e instanceof ProtocolError)) throw e;
  }
  return { buffered, fed };
}

// Memory is bounded by what arrived, never by what a peer claims: at most a few times the bytes fed,
// plus one 64 KiB payload window.
const bound = (fed: number) => 5 * fed + 66_048;

const mutation = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  kind: fc.constantFrom("flip", "insert", "delete", "crlf"),
  byte: fc.integer({ min: 0, max: 255 }),
});

function mutate(b: Uint8Array, ms: Array<{ at: number; kind: string; byte: number }>): Uint8Array {
  let a = Array.from(b);
  for (const m of ms) {
    const i = Math.floor(m.at * a.length);
    if (m.kind === "flip" && a.length) a[Math.min(i, a.length - 1)] = m.byte;
    else if (m.kind === "insert") a.splice(i, 0, m.byte);
    else if (m.kind === "delete") a.splice(i, 1);
    else a.splice(i, 0, 13, 10);
  }
  return new Uint8Array(a);
}

describe("hostile input ends in ops or a ProtocolError, never anything else, never unbounded memory", () => {
  test("random bytes (server parser)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), cuts, (b, fr) => {
        const r = feedServer(chunked(b, fr));
        expect(r.buffered).toBeLessThanOrEqual(bound(r.fed));
      }),
      { numRuns: runs * 2 },
    );
  });
  test("random bytes with a valid op prefix (server parser)", () => {
    const prefix = fc.constantFrom("MSG ", "HMSG ", "INFO ", "-ERR ", "PING", "msg a 1 ", "HMSG a 1 5 ");
    fc.assert(
      fc.property(prefix, fc.uint8Array({ maxLength: 500 }), cuts, (p, b, fr) => {
        const all = new Uint8Array([...new TextEncoder().encode(p), ...b]);
        const r = feedServer(chunked(all, fr));
        expect(r.buffered).toBeLessThanOrEqual(bound(r.fed));
      }),
      { numRuns: runs * 2 },
    );
  });
  test("mutated valid frames (server parser)", () => {
    fc.assert(
      fc.property(fc.array(serverOp, { minLength: 1, maxLength: 6 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), cuts, (ops, ms, fr) => {
        const r = feedServer(chunked(mutate(encodeServer(ops), ms), fr));
        expect(r.buffered).toBeLessThanOrEqual(bound(r.fed));
      }),
      { numRuns: runs * 2 },
    );
  });
  test("random and mutated bytes (client parser)", () => {
    fc.assert(
      fc.property(fc.array(clientOp, { maxLength: 6 }), fc.array(mutation, { maxLength: 4 }), fc.uint8Array({ maxLength: 200 }), cuts, (ops, ms, junk, fr) => {
        const wire = mutate(encodeClient(ops), ms);
        const r = feedClient(chunked(new Uint8Array([...wire, ...junk]), fr));
        expect(r.buffered).toBeLessThanOrEqual(bound(r.fed));
      }),
      { numRuns: runs * 2 },
    );
  });
  test("a size claimed far beyond what is sent allocates only what is sent", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000_000, max: 64 * 1024 * 1024 }), fc.uint8Array({ maxLength: 5000 }), (size, body) => {
        const head = new TextEncoder().encode(`MSG a 1 ${size}\r\n`);
        const r = feedServer([head, body]);
        expect(r.ops).toBe(0);
        expect(r.buffered).toBeLessThanOrEqual(bound(r.fed));
      }),
      { numRuns: 100 },
    );
  });
});
