import { createPrivateKey, createPublicKey, sign as nodeSign } from "node:crypto";
import fc from "fast-check";
import * as nkeys from "../../../src/auth/nkeys";
import { decodePublicKey, encodeSeed } from "../../../src/auth/nkey-codec";
import { Prefix } from "../../../src/auth/prefix";
import { ref } from "./reference-nkeys";

const roles = fc.constantFrom(Prefix.User, Prefix.Account, Prefix.Operator, Prefix.Server, Prefix.Cluster);
const seeds = fc.uint8Array({ minLength: 32, maxLength: 32 });
const PKCS8 = Buffer.from("302e020100300506032b657004220420", "hex");

describe("nkeys properties", () => {
  test("any seed and message: public key and signature equal node:crypto's Ed25519", async () => {
    await fc.assert(
      fc.asyncProperty(seeds, roles, fc.uint8Array({ maxLength: 300 }), async (raw, role, data) => {
        const ours = await nkeys.fromSeed(encodeSeed(role, raw));
        const priv = createPrivateKey({ key: Buffer.concat([PKCS8, raw]), format: "der", type: "pkcs8" });
        const spki = createPublicKey(priv).export({ format: "der", type: "spki" });
        expect(decodePublicKey(ours.getPublicKey(), role).raw).toEqual(new Uint8Array(spki.subarray(spki.length - 32)));
        const sig = await ours.sign(data);
        expect(sig).toEqual(new Uint8Array(nodeSign(null, data, priv)));
        expect(await nkeys.fromPublic(ours.getPublicKey()).verify(data, sig)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  // tweetnacl is slow under jest (~100 ms per key derivation): few runs, a longer timeout.
  test("any seed and message: same public key and byte-identical signature as @nats-io/nkeys", async () => {
    await fc.assert(
      fc.asyncProperty(seeds, roles, fc.uint8Array({ maxLength: 300 }), async (raw, role, data) => {
        const seed = encodeSeed(role, raw);
        const ours = await nkeys.fromSeed(seed);
        const theirs = ref.fromSeed(new TextEncoder().encode(seed));
        expect(ours.getPublicKey()).toBe(theirs.getPublicKey());
        expect(await ours.sign(data)).toEqual(theirs.sign(data));
      }),
      { numRuns: 8 },
    );
  }, 30_000);

  test("a signature does not verify once any bit of the message or signature changes", async () => {
    const kp = await nkeys.createUser();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 100 }), fc.nat(), fc.integer({ min: 0, max: 7 }), fc.boolean(), async (data, at, bit, inSig) => {
        const sig = await kp.sign(data);
        const target = inSig ? sig : data.slice();
        target[at % target.length]! ^= 1 << bit;
        expect(await kp.verify(inSig ? data : target, sig)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});
