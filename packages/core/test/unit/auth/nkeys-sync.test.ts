/**
 * The `nkeys` namespace is synchronous, with the names and `KeyPair` shape of `@nats-io/nkeys` 2.0.3 (what
 * nats.js re-exports as `nkeys`): code that signs a nonce synchronously, or seals with a curve key, works
 * unchanged. Checked against the reference package itself.
 */
import { nkeys, nkeyAuthenticator, jwtAuthenticator, credsAuthenticator } from "../../../src/mod";
import { ref, refAuth } from "./reference-nkeys";

const te = new TextEncoder();
const td = new TextDecoder();
const SEED = "SUAA5W23I45ZT7DRSZBT5GMBLTDLTRUE7HFOCT55SFI4VB7MAAYSUJU7BU";
const PUB = "UB3U6OLX3T6AZ2L4D6QHBHCR6QUI3LHTCT5UV4NJ25VN6QPTPNIXHF7P";

interface RefCurve {
  getPublicKey(): string;
  getSeed(): Uint8Array;
  getPrivateKey(): Uint8Array;
  seal(input: Uint8Array, recipient: string, nonce?: Uint8Array): Uint8Array;
  open(message: Uint8Array, sender: string): Uint8Array | null;
}
const refCurve = ref as unknown as { createCurve(): RefCurve; fromCurveSeed(s: Uint8Array): RefCurve; fromSeed(s: Uint8Array): RefCurve };

function isThenable(v: unknown): boolean {
  return typeof (v as { then?: unknown } | null)?.then === "function";
}

jest.setTimeout(20_000); // tweetnacl (the reference) is slow under jest

test("every export of @nats-io/nkeys exists here with the same kind", () => {
  for (const [name, v] of Object.entries(ref as unknown as Record<string, unknown>)) {
    expect([name, typeof (nkeys as Record<string, unknown>)[name]]).toEqual([name, typeof v]);
  }
});

test("create*, fromSeed, fromPublic, sign and verify return values, not Promises", () => {
  for (const make of [nkeys.createUser, nkeys.createAccount, nkeys.createOperator, nkeys.createServer, nkeys.createCluster, nkeys.createCurve]) {
    expect(isThenable(make())).toBe(false);
  }
  const kp = nkeys.fromSeed(te.encode(SEED));
  expect(isThenable(kp)).toBe(false);
  expect(kp.getPublicKey()).toBe(PUB);
  const sig = kp.sign(te.encode("nonce"));
  expect(sig).toBeInstanceOf(Uint8Array);
  expect(sig).toEqual(ref.fromSeed(te.encode(SEED)).sign(te.encode("nonce")));
  expect(kp.verify(te.encode("nonce"), sig)).toBe(true);
  const pub = nkeys.fromPublic(PUB);
  expect(pub.verify(te.encode("nonce"), sig)).toBe(true);
  expect(pub.verify(te.encode("nonce!"), sig)).toBe(false);
  expect(td.decode(kp.getSeed())).toBe(SEED);
  expect(td.decode(kp.getPrivateKey())).toBe(td.decode(ref.fromSeed(te.encode(SEED)).getPrivateKey()));
});

test("a KeyPair has upstream's methods; a non-curve pair refuses seal/open as upstream", () => {
  const methods = ["getPublicKey", "getPrivateKey", "getSeed", "sign", "verify", "clear", "seal", "open"];
  const theirs = ref.fromSeed(te.encode(SEED)) as unknown as Record<string, unknown>;
  const ours = nkeys.fromSeed(te.encode(SEED)) as unknown as Record<string, unknown>;
  for (const m of methods) expect([m, typeof ours[m]]).toEqual([m, typeof theirs[m]]);
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as { code?: string }).code;
    }
    return "no error";
  };
  const kp = nkeys.fromSeed(te.encode(SEED));
  const rk = ref.fromSeed(te.encode(SEED)) as unknown as RefCurve;
  expect(code(() => kp.seal(te.encode("x"), PUB))).toBe(code(() => rk.seal(te.encode("x"), PUB)));
  expect(code(() => kp.open(te.encode("x"), PUB))).toBe(nkeys.NKeysErrorCode.InvalidNKeyOperation);
  kp.clear();
  expect(code(() => kp.sign(te.encode("x")))).toBe(nkeys.NKeysErrorCode.ClearedPair);
});

test("curve keys: same keys from the same seed, byte-identical sealed output, and they open each other's", () => {
  const theirs = refCurve.createCurve();
  const ours = nkeys.fromCurveSeed(theirs.getSeed());
  expect(ours.getPublicKey()).toBe(theirs.getPublicKey());
  expect(ours.getPublicKey()[0]).toBe("X");
  expect(td.decode(ours.getPrivateKey())).toBe(td.decode(theirs.getPrivateKey()));
  expect(nkeys.fromSeed(theirs.getSeed()).getPublicKey()).toBe(theirs.getPublicKey()); // fromSeed takes curve seeds too
  const peerRef = refCurve.createCurve();
  const peer = nkeys.fromSeed(peerRef.getSeed());
  const msg = te.encode("the payload");
  const nonce = new Uint8Array(24).fill(7);
  const sealed = ours.seal(msg, peer.getPublicKey(), nonce);
  expect(sealed).toEqual(theirs.seal(msg, peerRef.getPublicKey(), nonce));
  expect(td.decode(sealed.subarray(0, 4))).toBe("xkv1");
  expect(peerRef.open(sealed, ours.getPublicKey())).toEqual(msg);
  expect(peer.open(theirs.seal(msg, peer.getPublicKey()), theirs.getPublicKey())).toEqual(msg);
  // Tampered, or from someone else: null, as upstream.
  const bad = sealed.slice();
  bad[bad.length - 1]! ^= 1;
  expect(peer.open(bad, ours.getPublicKey())).toBeNull();
  expect(peerRef.open(bad, ours.getPublicKey())).toBeNull();
  expect(peer.open(sealed, nkeys.createCurve().getPublicKey())).toBeNull();
  expect(() => ours.sign(msg)).toThrow(nkeys.NKeysErrorCode.InvalidCurveOperation);
  expect(() => ours.seal(msg, PUB)).toThrow(nkeys.NKeysErrorCode.InvalidRecipient);
  expect(() => nkeys.fromCurveSeed(te.encode(SEED))).toThrow(nkeys.NKeysErrorCode.InvalidCurveSeed);
});

test("the nkey, JWT and creds authenticators answer synchronously with what nats.js's answer", () => {
  const theirs = refAuth();
  const JWT = "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.e30.c2ln";
  const CREDS = `-----BEGIN NATS USER JWT-----\n${JWT}\n------END NATS USER JWT------\n\n-----BEGIN USER NKEY SEED-----\n${SEED}\n------END USER NKEY SEED------\n`;
  const pairs: Array<[unknown, unknown]> = [
    [nkeyAuthenticator(te.encode(SEED))("abc"), theirs.nkeyAuthenticator(te.encode(SEED))("abc")],
    [jwtAuthenticator(JWT, te.encode(SEED))("abc"), theirs.jwtAuthenticator(JWT, te.encode(SEED))("abc")],
    [credsAuthenticator(te.encode(CREDS))("abc"), theirs.credsAuthenticator(te.encode(CREDS))("abc")],
  ];
  for (const [ours, ref] of pairs) {
    expect(isThenable(ours)).toBe(false);
    expect(ours).toEqual(ref);
  }
});
