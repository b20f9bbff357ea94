import { createHash } from "node:crypto";
import { Objm } from "@nats-stack/jetstream/obj";
import { JsEnv } from "../../helpers/js-env";

const env = new JsEnv();
beforeAll(() => env.start());
afterAll(() => env.stop());

function rs(data: Uint8Array, piece = 1000): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= data.length) return c.close();
      c.enqueue(data.slice(at, at + piece));
      at += piece;
    },
  });
}

const t0 = Date.now(); const lap = (s: string) => console.log(s, Date.now() - t0);
test("smoke", async () => {
  const nc = await env.connect();
  const os = await new Objm(nc).create("smoke");
  const data = new Uint8Array(300_000).map((_, i) => i % 251);
  const want = `SHA-256=${createHash("sha256").update(data).digest("base64url")}=`;
  const oi = await os.put({ name: "a/b c.txt" }, rs(data));
  expect(oi.size).toBe(data.length);
  expect(oi.chunks).toBe(3);
  expect(oi.digest).toBe(want);
  lap("put");
  const oi2 = await os.putBlob({ name: "blob" }, data);
  expect(oi2.digest).toBe(want);
  lap("putBlob");
  expect(await os.getBlob("a/b c.txt")).toEqual(data);
  lap("getBlob");
  const r = await os.get("blob");
  const parts: Uint8Array[] = [];
  const rd = r!.data.getReader();
  for (;;) {
    const { done, value } = await rd.read();
    if (done) break;
    parts.push(value);
  }
  expect(await r!.error).toBeNull();
  expect(Buffer.concat(parts)).toEqual(Buffer.from(data));
  lap("get");
  const l = await os.list();
  lap("list");
  expect(l.map((x) => x.name).sort()).toEqual(["a/b c.txt", "blob"]);
  const d = await os.delete("blob");
  expect(d.purged).toBe(3);
  expect(await os.get("blob")).toBeNull();
});
