// A corrupt object fails the read with an error that says so: a chunk altered (digest mismatch), a chunk
// missing or one too many (sizes do not match), every chunk gone. get()'s stream errors and its `error`
// promise resolves to the error; getBlob() rejects with it.
import type { NatsConnection } from "@nats-stack/core";
import { jetstream, jetstreamManager, type JetStreamManager } from "../../../src";
import { Objm, type ObjectInfo, type ObjectStore } from "@nats-stack/jetstream/obj";
import { JsEnv, rejection } from "../../helpers/js-env";
import { pattern, readAll } from "../../helpers/streams";

const env = new JsEnv();
let nc: NatsConnection;
let jsm: JetStreamManager;
let n = 0;
beforeAll(async () => {
  await env.start();
  nc = await env.connect();
  jsm = await jetstreamManager(nc);
});
afterAll(() => env.stop());

const CHUNK = 1000;
const data = pattern(3 * CHUNK);

async function stored(): Promise<{ os: ObjectStore; info: ObjectInfo; stream: string; subject: string; seqs: number[] }> {
  const b = `cor_${process.pid}_${++n}`;
  const os = await new Objm(nc).create(b);
  const info = await os.putBlob({ name: "obj", options: { max_chunk_size: CHUNK } }, data);
  const stream = `OBJ_${b}`;
  const subject = `$O.${b}.C.${info.nuid}`;
  const seqs: number[] = [];
  for (let seq = 0; ; ) {
    const m = await jsm.streams.getMessage(stream, { seq: seq + 1, next_by_subj: subject });
    if (!m) break;
    seqs.push(m.seq);
    seq = m.seq;
  }
  expect(seqs).toHaveLength(3);
  return { os, info, stream, subject, seqs };
}

async function readFails(os: ObjectStore, text: string): Promise<void> {
  const r = (await os.get("obj"))!;
  const err = await rejection(readAll(r.data));
  expect(err.message).toContain(text);
  expect(await r.error).toBe(err);
  expect((await rejection(os.getBlob("obj"))).message).toContain(text);
}

test("an altered chunk: digests do not match (nats.js's text, with both digests)", async () => {
  const { os, info, stream, subject, seqs } = await stored();
  // The last chunk replaced by one of the same size with other bytes.
  await jsm.streams.deleteMessage(stream, seqs[2]!);
  const bad = data.slice(2 * CHUNK);
  bad[10] ^= 0xff;
  await jetstream(nc).publish(subject, bad);
  await readFails(os, `received a corrupt object, digests do not match\n  expected: ${info.digest}\n  computed: SHA-256 `);
});

test("chunks out of order: digests do not match", async () => {
  const { os, stream, subject, seqs } = await stored();
  await jsm.streams.deleteMessage(stream, seqs[1]!);
  await jetstream(nc).publish(subject, data.slice(CHUNK, 2 * CHUNK));
  await readFails(os, "digests do not match");
});

test("a missing chunk: sizes do not match", async () => {
  const { os, stream, seqs } = await stored();
  await jsm.streams.deleteMessage(stream, seqs[1]!);
  await readFails(os, "received a corrupt object, sizes do not match\n  expected: 3000 bytes in 3 chunks\n  received: 2000 bytes in 2 chunks");
});

test("a chunk too many: sizes do not match, found before the extra bytes are handed out", async () => {
  const { os, subject } = await stored();
  await jetstream(nc).publish(subject, pattern(10));
  const r = (await os.get("obj"))!;
  const got: number[] = [];
  const reader = r.data.getReader();
  const err = await rejection(
    (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        got.push(value.length);
      }
    })(),
  );
  expect(err.message).toContain("received: 3010 bytes in 4 chunks");
  expect(got).toEqual([CHUNK, CHUNK, CHUNK]);
});

test("every chunk gone: the read fails at once", async () => {
  const { os, stream, subject } = await stored();
  await jsm.streams.purge(stream, { filter: subject });
  await readFails(os, "received: 0 bytes in 0 chunks");
});

test("an unknown digest type or an unreadable digest is refused (nats.js's texts)", async () => {
  const { os, info } = await stored();
  const b = info.bucket;
  const raw = { ...(info as unknown as { info: object }).info, digest: "MD5=abc" };
  await jetstream(nc).publish(`$O.${b}.M.${btoa("obj")}`, JSON.stringify(raw));
  expect((await rejection(os.get("obj"))).message).toBe("unknown digest type: MD5=abc");
  await jetstream(nc).publish(`$O.${b}.M.${btoa("obj")}`, JSON.stringify({ ...raw, digest: "SHA-256=%%%" }));
  expect((await rejection(os.getBlob("obj"))).message).toBe("unable to parse digest: SHA-256=%%%");
});
