/**
 * The object store part of the tour, on @nats-stack/jetstream/obj: a store, a small text and a 300 KB blob
 * put into it (the blob in 128 KiB chunks), the blob read back and compared byte for byte, and its info
 * with the SHA-256 digest the store checked on the way out.
 */
import { createHash } from "node:crypto";
import type { NatsConnection } from "@nats-stack/core";
import { jetStreamOrSkip } from "./jetstream-step";
import { Objm } from "@nats-stack/jetstream/obj";
import { formatBytes } from "../args/byte-size";
import { digestText } from "../obj/obj-view";
import { Narrator } from "./narrator";

/** The step's store: `files` on the tour's own server, a unique one elsewhere. */
export function filesStore(p: string, ownServer: boolean): string {
  return ownServer ? "files" : `files-${p.replace(/[^\w-]/g, "_")}`;
}

/** Bytes that look like a photo to a hash (the same every run, so the digest shown is the same too). */
function blob(size: number): Uint8Array {
  const b = new Uint8Array(size);
  let x = 2463534242;
  for (let i = 0; i < size; i++) {
    // xorshift32
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

/** Runs the object store step on the tour's connection. */
export async function objectStep(nc: NatsConnection, t: Narrator, p: string, ownServer: boolean): Promise<void> {
  const name = filesStore(p, ownServer);
  await t.step(
    "Object store: files of any size",
    `A store '${name}' keeps objects split in chunks (128 KiB here), with an info holding the size and a SHA-256 digest.`,
    "Reading an object back checks every byte against that digest.",
  );
  if (!(await jetStreamOrSkip(nc, t))) return;
  const os = await new Objm(nc).create(name);
  t.sent("obj add", name);
  try {
    const text = new TextEncoder().encode("Hello from nats-stack: this file lives in a JetStream object store.\n");
    t.sent("put", "hello.txt", formatBytes(text.length));
    await os.putBlob({ name: "hello.txt", description: "a greeting" }, text);
    const data = blob(300_000);
    t.sent("put", "photo.raw", formatBytes(data.length));
    const put = await os.putBlob({ name: "photo.raw" }, data);
    t.note(`Stored photo.raw in ${put.chunks} chunks.`);

    const back = await os.getBlob("photo.raw");
    const same = back !== null && back.length === data.length && Buffer.from(back).equals(Buffer.from(data));
    t.received("get", "photo.raw", `${formatBytes(back?.length ?? 0)}, ${same ? "the same bytes" : "DIFFERENT bytes"}`);
    const info = await os.info("photo.raw");
    t.received("info", "photo.raw", `${info!.size} bytes, ${info!.chunks} chunks, digest ${digestText(info!.digest)}`);
    const local = createHash("sha256").update(data).digest("hex");
    t.note(`The digest is the SHA-256 of the data (here ${local.slice(0, 16)}…): ${digestText(info!.digest).endsWith(local) ? "it matches" : "it does NOT match"}.`);
    const list = await os.list();
    t.note(`${name} lists ${list.map((o) => `${o.name} (${formatBytes(o.size)})`).join(", ")}.`);
  } finally {
    if (!ownServer) await os.destroy().catch(() => false);
  }
}
