import { Empty } from "@nats-stack/core";
import { Kvm, KvWatchInclude } from "@nats-stack/jetstream/kv";
import { JsEnv } from "../../helpers/js-env";

const env = new JsEnv();
beforeAll(() => env.start());
afterAll(() => env.stop());

test("smoke", async () => {
  const nc = await env.connect();
  const kv = await new Kvm(nc).create("smoke", { history: 10 });
  expect(await kv.put("a", "1")).toBe(1);
  await kv.put("b.c", "2");
  await kv.put("a", "3");
  await kv.delete("b.c");
  const e = await kv.get("a");
  expect(e?.string()).toBe("3");
  expect(e?.revision).toBe(3);
  const keys: string[] = [];
  for await (const k of await kv.keys()) keys.push(k);
  expect(keys).toEqual(["a"]);
  const h: string[] = [];
  for await (const x of await kv.history()) h.push(`${x.key}:${x.operation}:${x.string()}:${x.delta}`);
  expect(h).toEqual(["a:PUT:1:3", "b.c:PUT:2:2", "a:PUT:3:1", "b.c:DEL::0"]);
  const w = await kv.watch({ include: KvWatchInclude.UpdatesOnly });
  const got: string[] = [];
  const done = (async () => {
    for await (const x of w) {
      got.push(`${x.key}=${x.string()} ${x.isUpdate}`);
      if (got.length === 2) break;
    }
  })();
  await kv.put("x", "y");
  await kv.put("z", Empty);
  await done;
  expect(got).toEqual(["x=y true", "z= true"]);
  const st = await kv.status();
  expect(st.bucket).toBe("smoke");
  expect(st.values).toBe(6);
});
