import * as nkeys from "../../../src/auth/nkeys";
import { decodePublicKey, decodeSeed, encodeKey, encodeSeed, isValidPublicKey } from "../../../src/auth/nkey-codec";
import { encodeBase32, decodeBase32 } from "../../../src/auth/base32";
import { NKeysError, NKeysErrorCode } from "../../../src/auth/nkeys-error";
import { Prefix, Prefixes } from "../../../src/auth/prefix";
import { ref } from "./reference-nkeys";

const te = new TextEncoder();
const td = new TextDecoder();

// Made with @nats-io/nkeys 2.0.3: seed, public key, and the base64 signature of NONCE.
const NONCE = "PXoWU7zWAMt75FY";
const KNOWN = [
  {
    role: Prefix.User,
    seed: "SUAA5W23I45ZT7DRSZBT5GMBLTDLTRUE7HFOCT55SFI4VB7MAAYSUJU7BU",
    pub: "UB3U6OLX3T6AZ2L4D6QHBHCR6QUI3LHTCT5UV4NJ25VN6QPTPNIXHF7P",
    sig: "TnzmnmCWsctDylRBEYN7ktBkIr71uwBp516fBRW5RzanC3aoRempijm6rRmkfK7q+iJR/n/CZ3STRMw2zb92BA==",
  },
  {
    role: Prefix.Account,
    seed: "SAAHLRGT33RC57WININKLQSHYBGE3THTJKW7VIIHJIPHIZSBOQNE6GWX6M",
    pub: "AACLV6EDEZZTJRH57X2N67HWR4VN4JCQFPMJG733NJ2IE5RKGZ5V4XMI",
    sig: "zz4vRB5TJaLZY/A3eKpnKNyjygXlTl/OWes9qb6PiVieEPGVAXa1qH+kasqNglxM+MZWauH6oPaSEc3IBF6lBw==",
  },
  {
    role: Prefix.Operator,
    seed: "SOAFBFTIUBFD6FUAKNYKXTRRCGUGG6NTV5LPY6I5TDVH7S73CQULZZH3JM",
    pub: "ODS576ERDH4X246BCJLZEXK3J37CUDT7YFZLDRIVNBR7CWFGNRJJ3KW7",
    sig: "DZWDfOsHgrJHcgLBb3kcESs0fyFPmfi7XW9IJhVU3sIgTTUtboTmWCBnvLHWxH0hQdR7CRROUwHEDMVwUhO3AA==",
  },
];

function code(fn: () => unknown): NKeysErrorCode | "no error" | string {
  try {
    fn();
    return "no error";
  } catch (e) {
    return e instanceof NKeysError ? e.code : `not an NKeysError: ${String(e)}`;
  }
}

async function asyncCode(fn: () => unknown): Promise<string> {
  try {
    await fn();
    return "no error";
  } catch (e) {
    return e instanceof NKeysError ? e.code : `not an NKeysError: ${String(e)}`;
  }
}

// Re-encodes a key's bytes with a fresh checksum after `mutate`, to reach checks that come after the CRC.
function reencode(text: string, mutate: (raw: Uint8Array) => Uint8Array): string {
  const raw = decodeBase32(text);
  const body = mutate(raw.slice(0, raw.length - 2));
  const { crc16 } = require("../../../src/auth/crc16") as typeof import("../../../src/auth/crc16");
  const c = crc16(body);
  const out = new Uint8Array(body.length + 2);
  out.set(body);
  out[body.length] = c & 0xff;
  out[body.length + 1] = c >> 8;
  return encodeBase32(out);
}

describe("prefixes", () => {
  test("values and letters are upstream's", () => {
    expect([Prefix.Seed, Prefix.Private, Prefix.Operator, Prefix.Server, Prefix.Cluster, Prefix.Account, Prefix.User, Prefix.Curve]).toEqual([
      144, 120, 112, 104, 16, 0, 160, 184,
    ]);
    const letter = (p: Prefix) => encodeKey(p, new Uint8Array(32))[0];
    expect([Prefix.Operator, Prefix.Server, Prefix.Cluster, Prefix.Account, Prefix.User, Prefix.Curve, Prefix.Private].map(letter).join("")).toBe("ONCAUXP");
    expect(Prefixes.isValidPublicPrefix(Prefix.User)).toBe(true);
    expect(Prefixes.isValidPublicPrefix(Prefix.Seed)).toBe(false);
    expect(Prefixes.parsePrefix(7)).toBe(Prefix.Unknown);
    expect(Prefixes.startsWithValidPrefix("UABC")).toBe(true);
    expect(Prefixes.startsWithValidPrefix("Zed")).toBe(false);
  });
});

describe("codec", () => {
  test.each(KNOWN)("decodes and re-encodes $pub and its seed", ({ role, seed, pub }) => {
    const s = decodeSeed(seed);
    expect(s.prefix).toBe(role);
    expect(s.raw).toHaveLength(32);
    expect(encodeSeed(role, s.raw)).toBe(seed);
    const p = decodePublicKey(pub, role);
    expect(p.prefix).toBe(role);
    expect(encodeKey(role, p.raw)).toBe(pub);
    expect(isValidPublicKey(pub)).toBe(true);
    expect(isValidPublicKey(pub, Prefix.Server)).toBe(false);
  });

  test("seeds encode with S + role letter", () => {
    for (const [role, letters] of [
      [Prefix.User, "SU"],
      [Prefix.Account, "SA"],
      [Prefix.Operator, "SO"],
      [Prefix.Server, "SN"],
      [Prefix.Cluster, "SC"],
      [Prefix.Curve, "SX"],
    ] as [Prefix, string][]) {
      expect(encodeSeed(role, new Uint8Array(32).fill(7)).slice(0, 2)).toBe(letters);
    }
  });

  const user = KNOWN[0]!;
  test("a changed character fails the checksum", () => {
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
    expect(code(() => decodeSeed(flip(user.seed, 10)))).toBe(NKeysErrorCode.InvalidChecksum);
    expect(code(() => decodePublicKey(flip(user.pub, 30)))).toBe(NKeysErrorCode.InvalidChecksum);
  });

  test("typed errors for every malformed input", () => {
    expect(code(() => decodeSeed(""))).toBe(NKeysErrorCode.InvalidEncoding);
    expect(code(() => decodeSeed("SUA"))).toBe(NKeysErrorCode.InvalidEncoding);
    expect(code(() => decodeSeed(user.seed.toLowerCase()))).toBe(NKeysErrorCode.InvalidEncoding);
    expect(code(() => decodeSeed(user.seed + "A"))).toBe(NKeysErrorCode.InvalidEncoding); // 59 chars: no byte count
    expect(code(() => decodeSeed(user.pub))).toBe(NKeysErrorCode.InvalidSeed); // a public key is not a seed
    expect(code(() => decodePublicKey(user.seed))).toBe(NKeysErrorCode.InvalidPublicKey); // nor the reverse
    expect(code(() => decodePublicKey(user.pub, Prefix.Account))).toBe(NKeysErrorCode.InvalidPrefixByte);
    // valid checksums around bad contents
    expect(code(() => decodeSeed(reencode(user.seed, (b) => b.slice(0, 20))))).toBe(NKeysErrorCode.InvalidSeedLen);
    expect(code(() => decodeSeed(reencode(user.seed, (b) => ((b[1] = (b[1]! & 7) | (9 << 3)), b))))).toBe(NKeysErrorCode.InvalidPrefixByte);
    expect(code(() => decodePublicKey(reencode(user.pub, (b) => b.slice(0, 31))))).toBe(NKeysErrorCode.InvalidKey);
    expect(code(() => decodePublicKey(reencode(user.pub, (b) => ((b[0] = 8), b))))).toBe(NKeysErrorCode.InvalidPublicKey);
    expect(code(() => decodePublicKey(42 as unknown as string))).toBe(NKeysErrorCode.InvalidEncoding);
    expect(code(() => encodeSeed(Prefix.User, new Uint8Array(31)))).toBe(NKeysErrorCode.InvalidSeedLen);
    expect(code(() => encodeSeed(Prefix.Seed, new Uint8Array(32)))).toBe(NKeysErrorCode.InvalidPrefixByte);
    expect(code(() => encodeKey(Prefix.Seed, new Uint8Array(32)))).toBe(NKeysErrorCode.InvalidPrefixByte);
  });
});

describe("key pairs against @nats-io/nkeys", () => {
  test.each(KNOWN)("known answer: $pub", async ({ seed, pub, sig }) => {
    const kp = await nkeys.fromSeed(te.encode(seed));
    expect(kp.getPublicKey()).toBe(pub);
    expect(td.decode(kp.getSeed())).toBe(seed);
    // Ed25519 is deterministic: the same seed signs the same bytes identically.
    expect(nkeys.encode(await kp.sign(te.encode(NONCE)))).toBe(sig);
    expect(await kp.verify(te.encode(NONCE), nkeys.decode(sig))).toBe(true);
    expect(await nkeys.fromPublic(pub).verify(te.encode(NONCE), nkeys.decode(sig))).toBe(true);
  });

  test("fromSeed takes text as well as bytes", async () => {
    expect((await nkeys.fromSeed(KNOWN[0]!.seed)).getPublicKey()).toBe(KNOWN[0]!.pub);
  });

  // The reference (tweetnacl) needs ~100 ms per key derivation under jest, so these calls are rationed.
  test.each([
    ["user", () => nkeys.createUser(), "U", "SU"],
    ["account", () => nkeys.createAccount(), "A", "SA"],
    ["operator", () => nkeys.createOperator(), "O", "SO"],
    ["server", () => nkeys.createServer(), "N", "SN"],
    ["cluster", () => nkeys.createCluster(), "C", "SC"],
  ] as const)("a fresh %s key has the public key the reference derives from its seed", async (_n, create, letter, seedLetters) => {
    const kp = await create();
    expect(kp.getPublicKey()[0]).toBe(letter);
    expect(td.decode(kp.getSeed()).slice(0, 2)).toBe(seedLetters);
    expect(ref.fromSeed(kp.getSeed()).getPublicKey()).toBe(kp.getPublicKey());
  });

  test("signatures cross-verify with the reference, and private keys match", async () => {
    const kp = await nkeys.createUser();
    const theirs = ref.fromSeed(kp.getSeed());
    const data = te.encode("payload");
    expect(theirs.verify(data, await kp.sign(data))).toBe(true);
    expect(await kp.verify(data, theirs.sign(data))).toBe(true);
    expect(td.decode(kp.getPrivateKey())).toBe(td.decode(theirs.getPrivateKey()));
    expect(td.decode(kp.getPrivateKey())[0]).toBe("P");
  });

  test("two fresh keys differ", async () => {
    const [a, b] = await Promise.all([nkeys.createUser(), nkeys.createUser()]);
    expect(a.getPublicKey()).not.toBe(b.getPublicKey());
  });

  test("a reference key pair loads here", async () => {
    const theirs = ref.createUser();
    const ours = await nkeys.fromSeed(theirs.getSeed());
    expect(ours.getPublicKey()).toBe(theirs.getPublicKey());
  });

  test("verify is false for a tampered message, a tampered or short signature, another key", async () => {
    const kp = await nkeys.fromSeed(KNOWN[0]!.seed);
    const data = te.encode("hello");
    const sig = await kp.sign(data);
    expect(await kp.verify(te.encode("hellp"), sig)).toBe(false);
    const bad = sig.slice();
    bad[5]! ^= 1;
    expect(await kp.verify(data, bad)).toBe(false);
    expect(await kp.verify(data, sig.subarray(0, 63))).toBe(false);
    expect(await nkeys.fromPublic(KNOWN[1]!.pub).verify(data, sig)).toBe(false);
  });

  test("public-only pairs cannot sign or reveal secrets; cleared pairs refuse everything", async () => {
    const pub = nkeys.fromPublic(KNOWN[0]!.pub);
    expect(pub.getPublicKey()).toBe(KNOWN[0]!.pub);
    expect(code(() => pub.getSeed())).toBe(NKeysErrorCode.PublicKeyOnly);
    expect(code(() => pub.getPrivateKey())).toBe(NKeysErrorCode.PublicKeyOnly);
    expect(await asyncCode(() => pub.sign(te.encode("x")))).toBe(NKeysErrorCode.CannotSign);

    const buf = te.encode(KNOWN[0]!.seed);
    const kp = await nkeys.fromSeed(buf);
    kp.clear();
    expect(td.decode(buf)).toBe(KNOWN[0]!.seed); // the caller's buffer is left alone
    expect(code(() => kp.getPublicKey())).toBe(NKeysErrorCode.ClearedPair);
    expect(code(() => kp.getSeed())).toBe(NKeysErrorCode.ClearedPair);
    expect(await asyncCode(() => kp.sign(te.encode("x")))).toBe(NKeysErrorCode.ClearedPair);
  });

  test("fromSeed rejects with NKeysError; fromPublic throws it", async () => {
    expect(await asyncCode(() => nkeys.fromSeed("SUB0GUS"))).toBe(NKeysErrorCode.InvalidEncoding);
    expect(await asyncCode(() => nkeys.fromSeed(KNOWN[0]!.pub))).toBe(NKeysErrorCode.InvalidSeed);
    expect(await asyncCode(() => nkeys.fromSeed(12 as unknown as string))).toBe(NKeysErrorCode.InvalidSeed);
    // A curve seed makes a curve pair, as upstream: it cannot sign.
    expect(await asyncCode(() => nkeys.fromSeed(encodeSeed(Prefix.Curve, new Uint8Array(32))).sign(te.encode("x")))).toBe(NKeysErrorCode.InvalidCurveOperation);
    expect(code(() => nkeys.fromPublic(KNOWN[0]!.seed))).toBe(NKeysErrorCode.InvalidPublicKey);
    expect(code(() => nkeys.fromPublic("UN0PE"))).toBe(NKeysErrorCode.InvalidEncoding);
  });

  test("encode/decode are upstream's base64", () => {
    const b = Uint8Array.from([0, 250, 251, 252, 253]);
    expect(nkeys.encode(b)).toBe(ref.encode(b));
    expect(nkeys.decode(ref.encode(b))).toEqual(b);
    expect(code(() => nkeys.decode("!!"))).toBe(NKeysErrorCode.SerializationError);
  });
});
