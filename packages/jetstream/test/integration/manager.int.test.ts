// Streams and consumers management against a real JetStream server: CRUD, purge variants, stored messages,
// listing with subject filters, find, Stream objects, account info, advisories, API errors and options.
import { headers, InvalidArgumentError, type NatsConnection } from "@nats-stack/core";
import {
  AckPolicy,
  AdvisoryKind,
  ConsumerNotFoundError,
  DeliverPolicy,
  InvalidNameError,
  JetStreamApiCodes,
  JetStreamApiError,
  JetStreamNotEnabled,
  jetstream,
  jetstreamManager,
  StorageType,
  StreamNotFoundError,
  type JetStreamManager,
} from "../../src";
import { JsEnv, rejection, thrown, uniqueStream } from "../helpers/js-env";

const env = new JsEnv();
let nc: NatsConnection;
let jsm: JetStreamManager;

env.clientsPerFile((c) => ({ nc, jsm } = c));

test("streams: add, info, update, list, names, find, delete", async () => {
  const { stream, subj } = uniqueStream();
  const si = await jsm.streams.add({ name: stream, subjects: [`${subj}.*`], storage: StorageType.Memory });
  expect(si.config.name).toBe(stream);
  expect(si.config.sealed).toBe(false);
  expect(si.state.messages).toBe(0);
  const up = await jsm.streams.update(stream, { subjects: [`${subj}.*`, `${subj}x.>`], max_msgs: 100 });
  expect(up.config.subjects).toEqual([`${subj}.*`, `${subj}x.>`]);
  expect(up.config.max_msgs).toBe(100);
  expect((await jsm.streams.info(stream)).config.max_msgs).toBe(100);
  const names: string[] = [];
  for await (const n of jsm.streams.names()) names.push(n);
  expect(names).toContain(stream);
  const filtered: string[] = [];
  for await (const n of jsm.streams.names(`${subj}.a`)) filtered.push(n);
  expect(filtered).toEqual([stream]);
  const infos = await jsm.streams.list(`${subj}x.q`).next();
  expect(infos.map((i) => i.config.name)).toEqual([stream]);
  expect(await jsm.streams.find(`${subj}.a`)).toBe(stream);
  await expect(jsm.streams.find("nothing.here.at.all")).rejects.toThrow("no stream matches subject");
  const s = await jsm.streams.get(stream);
  expect(s.name).toBe(stream);
  expect((await s.info(true)).config.name).toBe(stream);
  expect(await s.alternates()).toEqual([]);
  expect(await s.best()).toBe(s);
  expect(await jsm.streams.delete(stream)).toBe(true);
  const err = await rejection(jsm.streams.info(stream));
  expect(err).toBeInstanceOf(StreamNotFoundError);
  expect(err).toBeInstanceOf(JetStreamApiError);
  expect(err.message).toBe("stream not found");
  expect((err as JetStreamApiError).code).toBe(JetStreamApiCodes.StreamNotFound);
  expect((err as JetStreamApiError).status).toBe(404);
  expect((err as JetStreamApiError).apiError()).toEqual({ code: 404, err_code: 10059, description: "stream not found" });
});

test("streams: purge all, by filter, by seq, keep; seq and keep are mutually exclusive", async () => {
  const { stream, subj } = uniqueStream();
  await jsm.streams.add({ name: stream, subjects: [`${subj}.*`] });
  const js = jetstream(nc);
  const fill = async () => {
    for (let i = 0; i < 5; i++) await js.publish(`${subj}.a`, `a${i}`);
    for (let i = 0; i < 5; i++) await js.publish(`${subj}.b`, `b${i}`);
  };
  await fill();
  expect((await jsm.streams.purge(stream, { filter: `${subj}.a` })).purged).toBe(5);
  expect((await jsm.streams.purge(stream, { filter: `${subj}.b`, keep: 2 })).purged).toBe(3);
  expect((await jsm.streams.purge(stream)).purged).toBe(2);
  await fill();
  const si = await jsm.streams.info(stream);
  expect((await jsm.streams.purge(stream, { seq: si.state.first_seq + 3 })).purged).toBe(3);
  const err = await rejection(jsm.streams.purge(stream, { seq: 1, keep: 1 } as never));
  expect(err).toBeInstanceOf(InvalidArgumentError);
  expect(err.message).toBe("'keep','seq' are mutually exclusive");
  await jsm.streams.delete(stream);
});

test("stored messages: getMessage by seq, last_by_subj; deleteMessage with and without erase", async () => {
  const { stream, subj } = uniqueStream();
  await jsm.streams.add({ name: stream, subjects: [`${subj}.*`] });
  const js = jetstream(nc);
  const h = headers();
  h.set("x-a", "1");
  await js.publish(`${subj}.a`, "one", { headers: h });
  await js.publish(`${subj}.b`, "two");
  await js.publish(`${subj}.a`, JSON.stringify({ n: 3 }));
  const m1 = (await jsm.streams.getMessage(stream, { seq: 1 }))!;
  expect(m1.seq).toBe(1);
  expect(m1.subject).toBe(`${subj}.a`);
  expect(m1.string()).toBe("one");
  expect(m1.header.get("x-a")).toBe("1");
  expect(m1.time).toBeInstanceOf(Date);
  const last = (await jsm.streams.getMessage(stream, { last_by_subj: `${subj}.a` }))!;
  expect(last.seq).toBe(3);
  expect(last.json()).toEqual({ n: 3 });
  expect(await jsm.streams.getMessage(stream, { seq: 99 })).toBeNull();
  expect((await jsm.streams.getMessage(stream, { next_by_subj: `${subj}.a`, seq: 2 }))!.seq).toBe(3);
  expect(await jsm.streams.deleteMessage(stream, 2)).toBe(true);
  expect(await jsm.streams.deleteMessage(stream, 3, false)).toBe(true);
  expect(await jsm.streams.getMessage(stream, { seq: 2 })).toBeNull();
  const s = await jsm.streams.get(stream);
  expect((await s.getMessage({ seq: 1 }))!.string()).toBe("one");
  expect(await s.deleteMessage(1)).toBe(true);
  await jsm.streams.delete(stream);
});

test("consumers: add, info, update, list, delete; errors", async () => {
  const { stream, subj } = uniqueStream();
  await jsm.streams.add({ name: stream, subjects: [`${subj}.*`] });
  const ci = await jsm.consumers.add(stream, { durable_name: "dur", ack_policy: AckPolicy.Explicit, filter_subject: `${subj}.a` });
  expect(ci.name).toBe("dur");
  expect(ci.config.filter_subject).toBe(`${subj}.a`);
  const eph = await jsm.consumers.add(stream, { ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.New });
  expect(eph.name.length).toBeGreaterThan(0);
  const named = await jsm.consumers.add(stream, { name: "named", ack_policy: AckPolicy.Explicit });
  expect(named.name).toBe("named");
  const up = await jsm.consumers.update(stream, "dur", { description: "updated", max_ack_pending: 10 });
  expect(up.config.description).toBe("updated");
  expect(up.config.max_ack_pending).toBe(10);
  const aou = await jsm.consumers.addOrUpdate(stream, { durable_name: "dur", ack_policy: AckPolicy.Explicit, filter_subject: `${subj}.a`, description: "again" });
  expect(aou.config.description).toBe("again");
  const all = [];
  for await (const c of jsm.consumers.list(stream)) all.push(c.name);
  expect(all.sort()).toEqual(["dur", "named", eph.name].sort());
  expect((await jsm.consumers.info(stream, "dur")).config.description).toBe("again");
  expect(await jsm.consumers.delete(stream, "dur")).toBe(true);
  const err = await rejection(jsm.consumers.info(stream, "dur"));
  expect(err).toBeInstanceOf(ConsumerNotFoundError);
  expect(err.message).toBe("consumer not found");
  expect((err as JetStreamApiError).code).toBe(JetStreamApiCodes.ConsumerNotFound);
  // A consumer on a missing stream.
  expect(await rejection(jsm.consumers.info("NOPE_" + stream, "x"))).toBeInstanceOf(StreamNotFoundError);
  // Names are checked before anything is sent.
  expect((await rejection(jsm.consumers.add(stream, { name: "a.b", ack_policy: AckPolicy.Explicit }))).message).toBe("consumer 'name' cannot contain '.'");
  const dn = await rejection(jsm.consumers.add(stream, { durable_name: "a.b", ack_policy: AckPolicy.Explicit }));
  expect(dn).toBeInstanceOf(InvalidNameError);
  expect(dn.message).toBe("durable name ('a.b') cannot contain '.'");
  expect((await rejection(jsm.streams.add({ name: "a b" }))).message).toBe("stream name ('a b') cannot contain ' '");
  expect((await rejection(jsm.streams.info(""))).message).toBe("stream name required");
  const fc = await rejection(jsm.consumers.add(stream, { deliver_group: "g", flow_control: true, deliver_subject: "x", ack_policy: AckPolicy.Explicit }));
  expect(fc.message).toBe("'flow_control','deliver_group' are mutually exclusive");
  await jsm.streams.delete(stream);
});

test("API errors keep the server's codes: name in use (10058), subjects overlap (10065)", async () => {
  const { stream, subj } = uniqueStream();
  await jsm.streams.add({ name: stream, subjects: [`${subj}.*`] });
  const inUse = (await rejection(jsm.streams.add({ name: stream, subjects: [`${subj}other.*`] }))) as JetStreamApiError;
  expect(inUse).toBeInstanceOf(JetStreamApiError);
  expect(inUse.code).toBe(JetStreamApiCodes.StreamNameInUse);
  expect(inUse.status).toBe(400);
  const overlap = (await rejection(jsm.streams.add({ name: `${stream}_2`, subjects: [`${subj}.*`] }))) as JetStreamApiError;
  expect(overlap.code).toBe(JetStreamApiCodes.StreamSubjectOverlap);
  await jsm.streams.delete(stream);
});

test("2.10+ stream and consumer fields are refused by a 2.9 server's client with nats.js's texts", async () => {
  const { stream, subj } = uniqueStream();
  expect((await rejection(jsm.streams.add({ name: stream, subjects: [subj], metadata: { a: "b" } }))).message).toBe("stream 'metadata' requires server 2.10.0");
  expect((await rejection(jsm.streams.add({ name: stream, subjects: [subj], first_seq: 10 }))).message).toBe("stream 'first_seq' requires server 2.10.0");
  expect((await rejection(jsm.streams.add({ name: stream, subjects: [subj], compression: "s2" }))).message).toBe("stream 'compression' requires server 2.10.0");
  expect((await rejection(jsm.streams.add({ name: stream, subjects: [subj], subject_transform: { dest: "x" } }))).message).toBe(
    "stream 'subject_transform' requires server 2.10.0",
  );
  expect((await rejection(jsm.streams.add({ name: stream, subjects: [subj], consumer_limits: { max_ack_pending: 1 } }))).message).toBe(
    "stream 'consumer_limits' requires server 2.10.0",
  );
  expect((await rejection(jsm.streams.add({ name: stream, sources: [{ name: "X", subject_transforms: [{ dest: "y" }] }] }))).message).toBe(
    "stream sources 'subject_transforms' requires server 2.10.0",
  );
  await jsm.streams.add({ name: stream, subjects: [`${subj}.*`] });
  expect((await rejection(jsm.streams.update(stream, { metadata: { a: "b" } }))).message).toBe("stream 'metadata' requires server 2.10.0");
  const fs = await rejection(jsm.consumers.add(stream, { name: "c", filter_subjects: [`${subj}.a`, `${subj}.b`], ack_policy: AckPolicy.Explicit }));
  expect(fs).toBeInstanceOf(InvalidArgumentError);
  expect(fs.message).toBe("'filter_subjects' requires server 2.10.0");
  expect((await rejection(jsm.consumers.add(stream, { name: "c", metadata: { a: "b" }, ack_policy: AckPolicy.Explicit }))).message).toBe(
    "'metadata' requires server 2.10.0",
  );
  expect((await rejection(jsm.consumers.pause(stream, "c", new Date(Date.now() + 1000)))).message).toBe("consumer pause requires server 2.11.0");
  expect((await rejection(jsm.consumers.reset(stream, "c"))).message).toBe("consumer reset requires server 2.14.0");
  expect((await rejection(jsm.direct.getBatch(stream, { seq: 1 }))).message).toBe("batch direct require server 2.11.0");
  const js = jetstream(nc);
  expect((await rejection(js.publish(`${subj}.a`, "x", { ttl: "1s" }))).message).toBe("publish 'ttl' requires server 2.11.0");
  expect((await rejection(js.startBatch(`${subj}.a`, "x"))).message).toBe("atomic batch publish requires server 2.12.0");
  // Nothing was created or stored by the refused calls.
  expect((await jsm.streams.info(stream)).state.messages).toBe(0);
  expect(await jsm.consumers.list(stream).next()).toEqual([]);
  await jsm.streams.delete(stream);
});

test("direct get on a stream with allow_direct: by seq, last_by_subj, next_by_subj, missing", async () => {
  const { stream, subj } = uniqueStream();
  await jsm.streams.add({ name: stream, subjects: [`${subj}.*`], allow_direct: true });
  const js = jetstream(nc);
  await js.publish(`${subj}.a`, "1");
  await js.publish(`${subj}.b`, "2");
  await js.publish(`${subj}.a`, "3");
  const m = (await jsm.direct.getMessage(stream, { seq: 2 }))!;
  expect(m.seq).toBe(2);
  expect(m.subject).toBe(`${subj}.b`);
  expect(m.string()).toBe("2");
  expect((m as unknown as { stream: string }).stream).toBe(stream);
  expect((await jsm.direct.getMessage(stream, { last_by_subj: `${subj}.a` }))!.string()).toBe("3");
  expect((await jsm.direct.getMessage(stream, { next_by_subj: `${subj}.a`, seq: 2 }))!.seq).toBe(3);
  expect(await jsm.direct.getMessage(stream, { seq: 50 })).toBeNull();
  await jsm.streams.delete(stream);
});

test("mirrors and sources pass through the stream config", async () => {
  const { stream, subj } = uniqueStream();
  await jsm.streams.add({ name: stream, subjects: [`${subj}.*`] });
  const js = jetstream(nc);
  for (let i = 0; i < 3; i++) await js.publish(`${subj}.a`, `${i}`);
  const mirror = `${stream}_M`;
  const sourced = `${stream}_S`;
  const mi = await jsm.streams.add({ name: mirror, mirror: { name: stream } });
  expect(mi.config.mirror?.name).toBe(stream);
  const so = await jsm.streams.add({ name: sourced, sources: [{ name: stream, filter_subject: `${subj}.a` }] });
  expect(so.config.sources?.[0]?.name).toBe(stream);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const a = await jsm.streams.info(mirror);
    const b = await jsm.streams.info(sourced);
    if (a.state.messages === 3 && b.state.messages === 3) break;
    if (Date.now() > deadline) throw new Error(`mirror ${a.state.messages} sourced ${b.state.messages}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  // A source domain becomes an external API prefix.
  const ext = await jsm.streams.add({ name: `${stream}_X`, sources: [{ name: stream, domain: "" }] });
  expect(ext.config.sources?.[0]?.external).toBeUndefined();
  for (const s of [mirror, sourced, `${stream}_X`, stream]) await jsm.streams.delete(s);
});

test("account info, options (timeout, apiPrefix, domain, checkAPI) and JetStream not enabled", async () => {
  const ai = await jsm.getAccountInfo();
  expect(typeof ai.streams).toBe("number");
  expect(ai.limits).toBeDefined();
  expect(jsm.getOptions()).toMatchObject({ apiPrefix: "$JS.API", timeout: 5000 });
  const other = await jetstreamManager(nc, { timeout: 1234, apiPrefix: "$JS.API." });
  expect(other.getOptions()).toMatchObject({ apiPrefix: "$JS.API", timeout: 1234 });
  const dom = await jetstreamManager(nc, { domain: "nowhere", checkAPI: false });
  expect(dom.getOptions().apiPrefix).toBe("$JS.nowhere.API");
  const err = await rejection(jetstreamManager(nc, { domain: "nowhere" }));
  expect(err).toBeInstanceOf(JetStreamNotEnabled);
  expect(err.message).toBe("jetstream is not enabled");
  expect(thrown(() => jetstream(nc, { apiPrefix: "" }).getOptions()).message).toBe("'prefix' cannot be empty");
  expect(jsm.jetstream().apiPrefix).toBe("$JS.API");
});

test("advisories: stream and consumer actions arrive; leaving the loop unsubscribes", async () => {
  const { stream, subj } = uniqueStream();
  const seen: string[] = [];
  const done = (async () => {
    for await (const a of jsm.advisories()) {
      seen.push(a.kind);
      if (a.kind === AdvisoryKind.ConsumerAction) break;
    }
  })();
  await nc.flush();
  await jsm.streams.add({ name: stream, subjects: [`${subj}.*`] });
  await jsm.consumers.add(stream, { durable_name: "adv", ack_policy: AckPolicy.Explicit });
  await done;
  expect(seen).toContain(AdvisoryKind.StreamAction);
  expect(seen).toContain(AdvisoryKind.ConsumerAction);
  await jsm.streams.delete(stream);
});

test("Stream objects and js.streams: consumers through the stream, consumers from an info, a manager from the client", async () => {
  const { stream, subj } = uniqueStream();
  await jsm.streams.add({ name: stream, subjects: [`${subj}.*`] });
  const js = jetstream(nc);
  await js.publish(`${subj}.a`, "1");
  await jsm.consumers.add(stream, { durable_name: "pull", ack_policy: AckPolicy.Explicit });
  await jsm.consumers.add(stream, { durable_name: "push", ack_policy: AckPolicy.Explicit, deliver_subject: `_INBOX.${stream}` });
  const s = await js.streams.get(stream);
  const pull = await s.getConsumer("pull");
  expect((await pull.next())!.string()).toBe("1");
  const ordered = await s.getConsumer();
  expect((await ordered.info(true)).config.ack_policy).toBe("none");
  expect((await s.getPushConsumer("push")).isPushConsumer()).toBe(true);
  // nats.js's declared form, stream first.
  expect((await s.getPushConsumer(stream, "push")).isPushConsumer()).toBe(true);
  const fromInfo = js.consumers.getConsumerFromInfo(await jsm.consumers.info(stream, "pull"));
  expect((await fromInfo.info()).name).toBe("pull");
  const pushInfo = await jsm.consumers.info(stream, "push");
  expect(() => js.consumers.getConsumerFromInfo(pushInfo)).toThrow("not a pull consumer");
  const m2 = await js.jetstreamManager();
  expect((await m2.streams.info(stream)).config.name).toBe(stream);
  await jsm.streams.delete(stream);
});
