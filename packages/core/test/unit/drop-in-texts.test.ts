/**
 * Error texts users match on, checked against nats.js 3.4 itself (the installed `@nats-io/nats-core`), and
 * with the same sync/async shape: where nats.js rejects a Promise we reject, where it throws we throw.
 */
import { join } from "node:path";
import { headers, canonicalMIMEHeaderKey, syncIterator, InvalidArgumentError, InvalidOperationError, InvalidSubjectError, QueuedIteratorImpl } from "../../src/mod";
import { memoryConnection } from "../helpers/memory-transport";

const fixtures = join(__dirname, "../../../../fixtures");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const theirs = require(require.resolve("@nats-io/nats-core/internal", { paths: [fixtures] })) as {
  headers(): { set(k: string, v: string): void };
  canonicalMIMEHeaderKey(k: string): string;
  QueuedIteratorImpl: new () => { noIterator: boolean; push(v: unknown): void; [Symbol.asyncIterator](): AsyncIterator<unknown> };
  syncIterator<T>(src: AsyncIterable<T>): { next(): Promise<T | null> };
};

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("did not throw");
}

const connected = () => memoryConnection({ servers: "a:1" });

test("a bad header key: InvalidArgumentError `'header' '<char>' is not a valid character in a header name`", () => {
  for (const key of ["bad:", "bad ", "a\u007f", "é"]) {
    const ref = thrown(() => theirs.headers().set(key, "v"));
    const ours = thrown(() => headers().set(key, "v"));
    expect(ours).toBeInstanceOf(InvalidArgumentError);
    expect([ours.name, ours.message]).toEqual([ref.name, ref.message]);
    const refCanonical = thrown(() => theirs.canonicalMIMEHeaderKey(key));
    expect(thrown(() => canonicalMIMEHeaderKey(key)).message).toBe(refCanonical.message);
  }
  expect(thrown(() => headers().set("bad:", "v")).message).toBe("'header' ':' is not a valid character in a header name");
  // A value with CR or LF, nats.js's text too.
  const ref = thrown(() => theirs.headers().set("a", "x\r\ny"));
  expect(thrown(() => headers().set("a", "x\r\ny")).message).toBe(ref.message);
});

test("an iterator on a callback subscription fails on next() with `iterator cannot be used when a callback is registered`", async () => {
  const { nc } = await connected();
  const sub = nc.subscribe("texts.cb", { callback: () => {} });
  const it = sub[Symbol.asyncIterator](); // nats.js's generator does not throw here either
  await expect(it.next()).rejects.toThrow(new InvalidOperationError("iterator cannot be used when a callback is registered"));
  const ref = new theirs.QueuedIteratorImpl();
  ref.noIterator = true;
  await expect(ref[Symbol.asyncIterator]().next()).rejects.toThrow("iterator cannot be used when a callback is registered");
  await expect(
    (async () => {
      for await (const _ of sub) {
        // never
      }
    })(),
  ).rejects.toBeInstanceOf(InvalidOperationError);
  await nc.close();
});

test("a second sync iterator on the same subscription rejects its next() with `iterator is already yielding`", async () => {
  const { nc, srv } = await connected();
  const sub = nc.subscribe("texts.iter");
  await nc.flush();
  srv.send("MSG texts.iter 1 1\r\na\r\n");
  const a = syncIterator(sub);
  expect((await a.next())?.string()).toBe("a");
  const b = syncIterator(sub); // no throw here, as nats.js
  const err = await b.next().catch((e: unknown) => e as Error);
  expect(err).toBeInstanceOf(InvalidOperationError);
  expect((err as Error).message).toBe("iterator is already yielding");
  // nats.js, same sequence on its queue.
  const q = new theirs.QueuedIteratorImpl();
  q.push(1);
  const ra = theirs.syncIterator(q as unknown as AsyncIterable<unknown>);
  await ra.next();
  const rb = theirs.syncIterator(q as unknown as AsyncIterable<unknown>);
  await expect(rb.next()).rejects.toThrow("iterator is already yielding");
  // Our queue, used by packages built on core, says the same.
  const ours = new QueuedIteratorImpl<number>();
  ours.push(1);
  await syncIterator(ours).next();
  await expect(syncIterator(ours).next()).rejects.toThrow("iterator is already yielding");
  await nc.close();
});

test("request(undefined) and requestMany(undefined) reject with `illegal subject: ''`; publish(undefined) throws it", async () => {
  const { nc } = await connected();
  const e1 = (await nc.request(undefined as unknown as string).then(
    () => undefined,
    (e: unknown) => e,
  )) as Error;
  expect(e1).toBeInstanceOf(InvalidSubjectError);
  expect(e1.message).toBe("illegal subject: ''");
  await expect(nc.requestMany(undefined as unknown as string)).rejects.toThrow("illegal subject: ''");
  expect(thrown(() => nc.publish(undefined as unknown as string)).message).toBe("illegal subject: ''");
  expect(thrown(() => nc.subscribe(null as unknown as string)).message).toBe("illegal subject: ''");
  await nc.close();
});
