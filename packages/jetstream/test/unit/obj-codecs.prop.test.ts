// Object store pieces that need no server: the base64 codecs (against Node's), digests in every form
// nats.js reads, SHA-256 of a stream with each backend (any split of the bytes gives the same digest), and
// chunking (any split of the source gives the same chunks).
import { createHash } from "node:crypto";
import fc from "fast-check";
import { Base64Codec, Base64UrlCodec, Base64UrlPaddedCodec, getSha256Backend, setSha256Backend } from "@nats-stack/jetstream/obj";
import { checkSha256, formatDigest, parseSha256 } from "../../src/obj/digest";
import { readChunks } from "../../src/obj/object-put";
import { digestWhole, streamHasher } from "../../src/obj/sha256";
import { thrown } from "../helpers/js-env";

const bytes = fc.uint8Array({ maxLength: 2000 });
/** Cut points splitting `n` bytes into pieces. */
const splitsOf = (d: Uint8Array) => fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, d.length - 1) }), { maxLength: 8 }).map((cuts) => [0, ...cuts.filter((c) => c < d.length).sort((a, b) => a - b), d.length]);
const pieces = (d: Uint8Array, cuts: number[]) => cuts.slice(1).map((end, i) => d.slice(cuts[i], end));

test("base64 codecs agree with Node's; strings are UTF-8", () => {
  fc.assert(
    fc.property(bytes, (d) => {
      const b = Buffer.from(d);
      expect(Base64Codec.encode(d)).toBe(b.toString("base64"));
      expect(Base64UrlCodec.encode(d)).toBe(b.toString("base64url"));
      expect(Base64UrlPaddedCodec.encode(d)).toBe(b.toString("base64").replace(/\+/g, "-").replace(/\//g, "_"));
      expect(Base64UrlPaddedCodec.decode(Base64UrlPaddedCodec.encode(d), true)).toEqual(d);
      expect(Base64UrlCodec.decode(Base64UrlCodec.encode(d), true)).toEqual(d);
    }),
  );
  fc.assert(
    fc.property(fc.string({ unit: "grapheme" }), (s) => {
      expect(Base64UrlPaddedCodec.encode(s)).toBe(Buffer.from(s).toString("base64").replace(/\+/g, "-").replace(/\//g, "_"));
      expect(Base64Codec.decode(Base64Codec.encode(s))).toBe(s);
    }),
  );
  // Large inputs do not overflow the argument stack.
  const big = new Uint8Array(1 << 20).fill(7);
  expect(Base64Codec.encode(big)).toBe(Buffer.from(big).toString("base64"));
});

test("digests: SHA-256=<base64url padded>; parsed from hex or either base64 alphabet, compared", () => {
  const h = createHash("sha256").update("x").digest();
  const d = formatDigest(h);
  expect(d).toBe(`SHA-256=${h.toString("base64").replace(/\+/g, "-").replace(/\//g, "_")}`);
  for (const form of [h.toString("hex"), h.toString("hex").toUpperCase(), h.toString("base64"), h.toString("base64url"), d.substring(8)]) {
    expect(parseSha256(form)).toEqual(new Uint8Array(h));
    expect(checkSha256(form, h)).toBe(true);
  }
  expect(parseSha256("%%%")).toBeNull();
  expect(checkSha256("%%%", h)).toBe(false);
  expect(checkSha256(h.toString("hex"), createHash("sha256").update("y").digest())).toBe(false);
});

test("a stream's SHA-256 is the same whatever the split (runtime incremental hash and WebCrypto)", async () => {
  await fc.assert(
    fc.asyncProperty(bytes.chain((d) => fc.tuple(fc.constant(d), splitsOf(d))), async ([d, cuts]) => {
      const want = createHash("sha256").update(d).digest();
      const h = streamHasher();
      for (const p of pieces(d, cuts)) h.update(p);
      expect(Buffer.from(await h.digest())).toEqual(want);
      expect(Buffer.from(await digestWhole(d))).toEqual(want);
    }),
  );
});

test("without node:crypto the bytes are kept and hashed with WebCrypto; 'native' then fails with nats.js's text; a hasher of one's own is used", async () => {
  const p = process as unknown as { getBuiltinModule?: unknown };
  const saved = p.getBuiltinModule;
  await jest.isolateModulesAsync(async () => {
    p.getBuiltinModule = undefined;
    try {
      const sha = await import("../../src/obj/sha256");
      const d = new TextEncoder().encode("kept whole");
      const h = sha.streamHasher();
      h.update(d.subarray(0, 3));
      h.update(d.subarray(3));
      expect(Buffer.from(await h.digest())).toEqual(createHash("sha256").update(d).digest());
      sha.setSha256Backend("native");
      expect(thrown(() => sha.streamHasher()).message).toBe("sha256 backend 'native' selected but `node:crypto` is not available in this runtime");
      let updates = 0;
      sha.setSha256Backend(() => {
        const inner = createHash("sha256");
        return {
          update: (x: Uint8Array) => void (updates++, inner.update(x)),
          digest: () => new Uint8Array(inner.digest()),
        };
      });
      const c = sha.streamHasher();
      c.update(d);
      expect(Buffer.from(await c.digest())).toEqual(createHash("sha256").update(d).digest());
      expect(updates).toBe(1);
    } finally {
      p.getBuiltinModule = saved;
    }
  });
  expect(getSha256Backend()).toBe("js");
  expect(thrown(() => setSha256Backend("md5" as never)).message).toBe("unknown sha256 backend: md5");
});

test("chunking: any split of the source gives chunks of exactly the chunk size (the last shorter), in order", async () => {
  await fc.assert(
    fc.asyncProperty(bytes.chain((d) => fc.tuple(fc.constant(d), splitsOf(d), fc.integer({ min: 1, max: 300 }))), async ([d, cuts, size]) => {
      const parts = pieces(d, cuts);
      let i = 0;
      const rs = new ReadableStream<Uint8Array>({
        pull(c) {
          if (i < parts.length) c.enqueue(parts[i++]!);
          else c.close();
        },
      });
      const chunks: Uint8Array[] = [];
      await readChunks(rs.getReader(), size, async (c) => void chunks.push(c.slice()));
      expect(chunks.slice(0, -1).every((c) => c.length === size)).toBe(true);
      if (chunks.length) expect(chunks[chunks.length - 1]!.length).toBeLessThanOrEqual(size);
      expect(chunks.length).toBe(Math.ceil(d.length / size));
      expect(Buffer.concat(chunks)).toEqual(Buffer.from(d));
    }),
  );
});
