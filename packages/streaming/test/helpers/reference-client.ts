/**
 * The reference client, node-nats-streaming 0.3.2 on nats@1.4 (dev dependencies of the fixtures package), so a
 * test can state the reference's behaviour by running it against the same fake STAN server as ours. And a
 * synchronous NKey signer (nats@1's `nonceSigner` must return the signature at once) on node:crypto.
 */
import { createPrivateKey, sign, type KeyObject } from "node:crypto";
import { createRequire } from "node:module";
import { join } from "node:path";

const fromFixtures = createRequire(join(__dirname, "..", "..", "..", "..", "fixtures", "package.json"));

/** node-nats-streaming's module (untyped here: its typings need nats@1's). */
// biome-ignore lint: the reference is plain JavaScript
export const referenceStan: any = fromFixtures("node-nats-streaming");

/** node-nats-streaming's protobuf classes (google-protobuf), e.g. `SubscriptionRequest`. */
// biome-ignore lint: the reference is plain JavaScript
export const referencePb: any = createRequire(fromFixtures.resolve("node-nats-streaming"))("./lib/pb/protocol_pb.js").pb;

/** nats@1, the NATS client under node-nats-streaming. */
// biome-ignore lint: the reference is plain JavaScript
export const nats1: any = createRequire(fromFixtures.resolve("node-nats-streaming"))("nats");

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function base32Decode(s: string): Uint8Array {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of s) {
    value = (value << 5) | B32.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

/** A node:crypto Ed25519 key from an NKey seed (`SU…`: two prefix bytes, the 32-byte seed, a CRC). */
function ed25519Key(seed: string): KeyObject {
  const raw = base32Decode(seed).subarray(2, 34);
  const pkcs8 = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), raw]);
  return createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
}

/** nats@1's `nonceSigner` for the NKey seed `seed`: the Ed25519 signature of the nonce, synchronously. */
export function syncNonceSigner(seed: string): (nonce: Uint8Array) => Buffer {
  const key = ed25519Key(seed);
  return (nonce) => sign(null, nonce, key);
}
