// What nats.js's own manager tests (jetstream/tests/jsm_test.ts) assert on the public API, as programs of our own
// run with nats.js's packages and with ours on one real server: stream and consumer CRUD, their errors (classes,
// texts, sync or async), listers, purges, stored messages, info options.
import { startServer } from "@nats-stack/fixtures/nats-server";
import { clients, jetStreamServer, outcome, same, seen, unique, type Client } from "./harness";

jest.setTimeout(120_000);

const srv = jetStreamServer();

/** An error's class and text plus the classes of nats.js's jserrors it is an instance of. */
function jsErr(c: Client, err: unknown): string {
  const kinds = ["JetStreamError", "JetStreamApiError"].filter(
    (k) => err instanceof (c.js as unknown as Record<string, new () => unknown>)[k],
  );
  // core's error classes add a `code` of their own (packages/core/src/errors.ts): JetStream errors' codes only
  const code = kinds.length ? ` code ${(err as { code?: unknown }).code}` : "";
  return `${seen(err)}${code} is ${kinds.join("+") || "neither"}`;
}

/** A call's outcome, errors shown with {@link jsErr}. */
async function tried(c: Client, fn: () => unknown, show: (v: unknown) => unknown = (v) => v): Promise<string> {
  let r: unknown;
  try {
    r = fn();
  } catch (err) {
    return `sync throw ${jsErr(c, err)}`;
  }
  try {
    return `async ${JSON.stringify(show(await r))}`;
  } catch (err) {
    return `async reject ${jsErr(c, err)}`;
  }
}

async function setup(c: Client) {
  const nc = await c.core.connect({ servers: srv.url });
  return { nc, jsm: await c.js.jetstreamManager(nc), js: c.js.jetstream(nc) };
}

test("jsm_test: JetStream not enabled on the server", async () => {
  const plain = await startServer({});
  try {
    await same(async (c) => {
      const nc = await c.core.connect({ servers: plain.url });
      const r = [`jetstreamManager: ${await tried(c, () => c.js.jetstreamManager(nc), () => "a manager")}`];
      await nc.close();
      return r;
    });
  } finally {
    await plain.stop();
  }
});

test("jsm_test: empty and missing stream names in every stream call", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm } = await setup(c);
    const missing = unique("MISSING");
    const calls: [string, () => unknown][] = [
      ["add {}", () => jsm.streams.add({} as never)],
      ["update '' {}", () => jsm.streams.update("", {} as never)],
      ["delete ''", () => jsm.streams.delete("")],
      ["info ''", () => jsm.streams.info("")],
      ["deleteMessage '' 1", () => jsm.streams.deleteMessage("", 1)],
      ["purge ''", () => jsm.streams.purge("")],
      ["getMessage '' seq 1", () => jsm.streams.getMessage("", { seq: 1 })],
      ["get ''", () => jsm.streams.get("")],
      ["consumers.info '' ''", () => jsm.consumers.info("", "")],
      ["consumers.info 'foo' ''", () => jsm.consumers.info("foo", "")],
      ["consumers.delete 'foo' ''", () => jsm.consumers.delete("foo", "")],
      ["consumers.add '' {}", () => jsm.consumers.add("", {} as never)],
      ["consumers.list ''", () => jsm.consumers.list("")],
      ["info missing", () => jsm.streams.info(missing)],
      ["deleteMessage missing", () => jsm.streams.deleteMessage(missing, 1)],
      ["purge missing", () => jsm.streams.purge(missing)],
      ["delete missing", () => jsm.streams.delete(missing)],
      ["update missing", () => jsm.streams.update(missing, { subjects: [`${missing}.x`] })],
      ["getMessage missing", () => jsm.streams.getMessage(missing, { seq: 1 })],
      ["consumers.info missing stream", () => jsm.consumers.info(missing, "dur")],
      ["consumers.add missing stream", () => jsm.consumers.add(missing, { durable_name: "dur" })],
      ["consumers.delete missing stream", () => jsm.consumers.delete(missing, "dur")],
      ["purge seq and keep", () => jsm.streams.purge("a", { keep: 10, seq: 5 } as never)],
      ["replicas 3 on one server", () => jsm.streams.add({ name: missing, num_replicas: 3, subjects: [`${missing}.>`] })],
    ];
    for (const [name, fn] of calls) log.push(`${name}: ${await tried(c, fn, (v) => (v && typeof v === "object" ? v.constructor.name : v))}`);
    const lister = jsm.consumers.list(unique("NOPE"));
    log.push(`consumers.list of a missing stream, next(): ${await tried(c, () => lister.next())}`);
    await nc.close();
    return log;
  });
});

test("jsm_test: add, info and list agree; update adds the name; listers of nothing stay empty", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js } = await setup(c);
    const name = unique("ADD");
    const si = await jsm.streams.add({ name });
    log.push(`name ${si.config.name === name} subjects ${JSON.stringify(si.config.subjects) === JSON.stringify([name])}`);
    const same3 = (a: { config: unknown; state: unknown; created: unknown }, b: typeof a) =>
      JSON.stringify([a.config, a.state, a.created]) === JSON.stringify([b.config, b.state, b.created]);
    log.push(`info equals add: ${same3(await jsm.streams.info(name), si)}`);
    const listed = (await jsm.streams.list(name).next()).find((s) => s.config.name === name)!;
    log.push(`list(subject) equals add: ${same3(listed, si)}`);
    await js.publish(name, c.core.Empty);
    const after = await jsm.streams.info(name);
    const listedAfter = (await jsm.streams.list(name).next()).find((s) => s.config.name === name)!;
    log.push(`after a publish, list equals info: ${same3(listedAfter, after)} messages ${after.state.messages}`);
    const up = await jsm.streams.update(name, { subjects: [name, `${name}.foo`] });
    log.push(`update without a name in the config: ${JSON.stringify(up.config.subjects?.map((s) => s.replace(name, "<n>")))}`);
    const up2 = await jsm.streams.update(name, { ...up.config, subjects: [...up.config.subjects!, `${name}.bar`] });
    log.push(`update with the config: ${up2.config.subjects?.length}`);
    const empty = jsm.streams.list(`${unique("none")}.x`);
    log.push(`list of no stream: ${(await empty.next()).length}, again ${(await empty.next()).length}`);
    log.push(`names of no stream: ${(await jsm.streams.names(`${unique("none")}.x`).next()).length}`);
    const cl = jsm.consumers.list(name);
    log.push(`consumers of none: ${(await cl.next()).length}`);
    await jsm.consumers.add(name, { durable_name: "dur", ack_policy: c.js.AckPolicy.Explicit });
    const cs = await jsm.consumers.list(name).next();
    log.push(`consumers: ${cs.length} ${cs[0]?.config.durable_name}`);
    const ci = await jsm.consumers.info(name, "dur");
    log.push(`consumer info: ${ci.name} ${ci.config.durable_name} ${ci.config.ack_policy}`);
    log.push(`consumer info, missing consumer: ${await tried(c, () => jsm.consumers.info(name, "nope"))}`);
    log.push(`consumer delete, missing consumer: ${await tried(c, () => jsm.consumers.delete(name, "nope"))}`);
    await jsm.consumers.delete(name, "dur");
    log.push(`consumers after delete: ${(await jsm.consumers.list(name).next()).length}`);
    log.push(`delete: ${await jsm.streams.delete(name)}`);
    log.push(`info after delete: ${await tried(c, () => jsm.streams.info(name))}`);
    await nc.close();
    return log;
  });
});

test("jsm_test: purges by sequence, filtered sequence, subject, keep, filtered keep", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js } = await setup(c);
    const fill = async () => {
      const name = unique("PURGE");
      await jsm.streams.add({ name, subjects: [`${name}.*`] });
      for (const s of ["a", "b", "c", "a", "b", "c", "a", "b", "c"]) await js.publish(`${name}.${s}`);
      return name;
    };
    const state = async (name: string) => {
      const { first_seq, messages } = (await jsm.streams.info(name)).state;
      await jsm.streams.delete(name);
      return `first ${first_seq} messages ${messages}`;
    };
    let n = await fill();
    log.push(`seq 4: ${JSON.stringify(await jsm.streams.purge(n, { seq: 4 }))} ${await state(n)}`);
    n = await fill();
    log.push(`seq 4 b: ${JSON.stringify(await jsm.streams.purge(n, { seq: 4, filter: `${n}.b` }))} ${await state(n)}`);
    n = await fill();
    log.push(`filter b: ${JSON.stringify(await jsm.streams.purge(n, { filter: `${n}.b` }))} ${await state(n)}`);
    n = await fill();
    log.push(`keep 1: ${JSON.stringify(await jsm.streams.purge(n, { keep: 1 }))} ${await state(n)}`);
    n = await fill();
    const kept: string[] = [];
    for (const s of ["a", "b", "c"]) kept.push(JSON.stringify(await jsm.streams.purge(n, { keep: 1, filter: `${n}.${s}` })));
    log.push(`keep 1 per subject: ${kept.join(" ")} ${await state(n)}`);
    await nc.close();
    return log;
  });
});

test("jsm_test: stored messages: delete, deleted details, get by seq, payloads, last_by_subj of nothing", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js } = await setup(c);
    const name = unique("MSGS");
    await jsm.streams.add({ name, subjects: [`${name}.>`] });
    const subj = `${name}.a`;
    const h = c.core.headers();
    h.set("xxx", "a");
    await js.publish(subj, JSON.stringify(1), { headers: h });
    await js.publish(subj, JSON.stringify(2));
    await js.publish(subj, c.core.Empty, { msgID: "empty" });
    await js.publish(subj, "", { msgID: "empty2" });
    for (const seq of [1, 2, 3, 4, 9]) {
      const sm = await jsm.streams.getMessage(name, { seq });
      log.push(sm ? `seq ${seq}: ${sm.seq} ${sm.subject === subj} json ${sm.data.length ? sm.json() : "-"} data ${sm.data.length} string '${sm.string()}' xxx ${sm.header.get("xxx")}` : `seq ${seq}: ${sm}`);
    }
    log.push(`deleteMessage 2: ${await jsm.streams.deleteMessage(name, 2)}`);
    log.push(`deleteMessage 2 again: ${await tried(c, () => jsm.streams.deleteMessage(name, 2))}`);
    log.push(`deleteMessage 99: ${await tried(c, () => jsm.streams.deleteMessage(name, 99))}`);
    const si = await jsm.streams.info(name, { deleted_details: true });
    log.push(`deleted details: ${si.state.num_deleted} ${JSON.stringify(si.state.deleted)}`);
    log.push(`without: ${JSON.stringify((await jsm.streams.info(name)).state.deleted)}`);
    log.push(`last_by_subj of nothing: ${await tried(c, () => jsm.streams.getMessage(name, { last_by_subj: `${name}.none` }))}`);
    for (const s of [1, 3, 4]) await jsm.streams.deleteMessage(name, s, s !== 1);
    const empty = (await jsm.streams.info(name)).state;
    log.push(`all deleted: messages ${empty.messages} first ${empty.first_seq} last ${empty.last_seq}`);
    await jsm.streams.delete(name);
    await nc.close();
    return log;
  });
});

test("jsm_test: consumer update, stream info with subjects_filter", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js } = await setup(c);
    const name = unique("UPD");
    await jsm.streams.add({ name, subjects: [`${name}.>`] });
    await jsm.consumers.add(name, {
      durable_name: "dur",
      ack_policy: c.js.AckPolicy.Explicit,
      ack_wait: c.core.nanos(2000),
      max_ack_pending: 500,
      headers_only: false,
      max_deliver: 100,
    });
    const ci = await jsm.consumers.update(name, "dur", { ack_wait: c.core.nanos(3000), max_ack_pending: 5, headers_only: true, max_deliver: 2 });
    log.push(`updated: ${ci.config.ack_wait} ${ci.config.max_ack_pending} ${ci.config.headers_only} ${ci.config.max_deliver}`);
    log.push(`update of a missing consumer: ${await tried(c, () => jsm.consumers.update(name, "nope", { max_deliver: 2 }))}`);
    await js.publish(`${name}.a`);
    await js.publish(`${name}.a.b`);
    await js.publish(`${name}.a.b.c`);
    const show = (s: Record<string, number> | undefined) =>
      s === undefined ? "undefined" : JSON.stringify(Object.entries(s).map(([k, v]) => `${k.replace(name, "<n>")}=${v}`).sort());
    let si = await jsm.streams.info(name, { subjects_filter: ">" });
    log.push(`>: ${si.state.num_subjects} ${show(si.state.subjects)}`);
    si = await jsm.streams.info(name, { subjects_filter: `${name}.a.>` });
    log.push(`a.>: ${si.state.num_subjects} ${show(si.state.subjects)}`);
    si = await jsm.streams.info(name);
    log.push(`no filter: ${show(si.state.subjects)}`);
    await jsm.streams.delete(name);
    await nc.close();
    return log;
  });
});

test("jsm_test: consumer names and their create subjects; name and durable_name; discard new per subject; update keeps fields", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js } = await setup(c);
    const name = unique("CN");
    const p = name.toLowerCase();
    await jsm.streams.add({ name, subjects: [`${p}.foo`, `${p}.bar`] });
    const subjects: string[] = [];
    const watch = nc.subscribe("$JS.API.CONSUMER.>", { callback: (_e, m) => subjects.push(m.subject.replace(name, "<s>").replace(p, "<p>")) });
    const ack_policy = c.js.AckPolicy.Explicit;
    const add = async (cfg: Record<string, unknown>) => {
      const before = subjects.length;
      const r = await tried(c, () => jsm.consumers.add(name, cfg as never), (v) => {
        const ci = v as { name: string; config: { durable_name?: string; inactive_threshold?: number } };
        return `name ${ci.name.length >= 8 ? "<generated>" : ci.name} durable ${ci.config.durable_name} inactive ${ci.config.inactive_threshold !== undefined}`;
      });
      await nc.flush();
      return `${r} via ${subjects.slice(before).join(",")}`;
    };
    log.push(`named ephemeral: ${await add({ ack_policy, inactive_threshold: c.core.nanos(1000), name: "a" })}`);
    log.push(`durable: ${await add({ ack_policy, durable_name: "b" })}`);
    log.push(`named ephemeral with a filter: ${await add({ ack_policy, name: "c", filter_subject: `${p}.bar` })}`);
    log.push(`unnamed ephemeral: ${await add({ ack_policy, filter_subject: `${p}.bar` })}`);
    log.push(`name = durable_name: ${await add({ name: "x", durable_name: "x", ack_policy: c.js.AckPolicy.None })}`);
    log.push(`name != durable_name: ${await add({ name: "y", durable_name: "z", ack_policy: c.js.AckPolicy.None })}`);
    for (const n of ["hello.world", "hello>world", "one*two", "."]) log.push(`name '${n}': ${await add({ name: n, ack_policy: c.js.AckPolicy.None })}`);
    for (const n of ["hello.world", "a b"]) log.push(`durable_name '${n}': ${await add({ durable_name: n, ack_policy: c.js.AckPolicy.None })}`);
    watch.unsubscribe();

    const dn = unique("DN");
    log.push(`discard_new_per_subject without discard new: ${await tried(c, () => jsm.streams.add({ name: dn, discard_new_per_subject: true, subjects: [`${dn}.>`], max_msgs_per_subject: 1 }), () => "added")}`);
    const si = await jsm.streams.add({ name: dn, discard: c.js.DiscardPolicy.New, discard_new_per_subject: true, subjects: [`${dn}.>`], max_msgs_per_subject: 1 });
    log.push(`discard_new_per_subject: ${si.config.discard_new_per_subject}`);
    await js.publish(`${dn}.b`, c.core.Empty);
    log.push(`second publish to the subject: ${await tried(c, () => js.publish(`${dn}.b`, c.core.Empty))}`);
    const up = await jsm.streams.update(dn, { subjects: [`${dn}.>`, `${dn}x`] });
    log.push(`update keeps discard: ${up.config.discard} ${up.config.discard_new_per_subject} ${up.config.max_msgs_per_subject}`);
    await jsm.streams.delete(dn);
    await jsm.streams.delete(name);
    await nc.close();
    return log;
  });
});

test("jsm_test: list and names filters by subject; 257 consumers listed over pages", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm } = await setup(c);
    const t = unique("lf").toLowerCase();
    const spec = [
      ["s1", [`${t}foo`]],
      ["s2", [`${t}bar`]],
      ["s3", [`${t}foo.*`, `${t}bar.*`]],
      ["s4", [`${t}foo-1.A`]],
      ["s5", [`${t}foo.A.bar.B`]],
    ] as const;
    for (const [n, subjects] of spec) await jsm.streams.add({ name: `${t}_${n}`, subjects: [...subjects], storage: c.js.StorageType.Memory });
    const mine = (names: string[]) => names.filter((n) => n.startsWith(`${t}_`)).map((n) => n.slice(t.length + 1)).sort().join(",");
    for (const f of [`${t}foo`, `${t}bar`, `${t}foo.*`, `${t}foo.>`, `${t}foo.A.>`, "*", ">"]) {
      const listed = (await jsm.streams.list(f).next()).map((si) => si.config.name);
      const named: string[] = [];
      for await (const n of jsm.streams.names(f)) named.push(n);
      log.push(`${f.replace(t, "<t>")}: list ${mine(listed)} names ${mine(named)}`);
    }
    const named: string[] = [];
    for await (const n of jsm.streams.names("")) named.push(n);
    log.push(`names(''): ${mine(named)}`);
    for (const [n] of spec) await jsm.streams.delete(`${t}_${n}`);

    const name = unique("PAGED");
    await jsm.streams.add({ name, subjects: [`${name}.a`], storage: c.js.StorageType.Memory });
    for (let i = 0; i < 257; i++) await jsm.consumers.add(name, { durable_name: `${i}`, ack_policy: c.js.AckPolicy.None });
    const all: string[] = [];
    for await (const ci of jsm.consumers.list(name)) all.push(ci.name);
    log.push(`consumers listed: ${all.length}, every name once: ${new Set(all).size === 257 && all.every((n) => +n >= 0 && +n < 257)}`);
    const lister = jsm.consumers.list(name);
    log.push(`pages by next(): ${(await lister.next()).length} ${(await lister.next()).length} ${(await lister.next()).length}`);
    await jsm.streams.delete(name);
    await nc.close();
    return log;
  });
});

void outcome;
void clients;

test("streams_test: js.streams.get, a Stream's info after delete, getMessage of a deleted message, getConsumer, first_seq on 2.9", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js } = await setup(c);
    const name = unique("STR");
    log.push(`get of a missing stream: ${await tried(c, () => js.streams.get(name), () => "a stream")}`);
    await jsm.streams.add({ name, subjects: [`${name}.>`] });
    const s = await js.streams.get(name);
    log.push(`name ${s.name === name}`);
    await Promise.all([js.publish(`${name}.a`, JSON.stringify({ hello: "world" })), js.publish(`${name}.a`), js.publish(`${name}.a`)]);
    const sm = await s.getMessage({ seq: 1 });
    log.push(`getMessage: ${JSON.stringify(sm?.json())}`);
    log.push(`getConsumer of a missing one: ${await tried(c, () => s.getConsumer("a"), () => "a consumer")}`);
    await jsm.consumers.add(name, { durable_name: "a", ack_policy: c.js.AckPolicy.Explicit });
    log.push(`getConsumer: ${(await (await s.getConsumer("a")).next())?.seq}`);
    log.push(`deleteMessage 2 erase: ${await s.deleteMessage(2, true)}`);
    log.push(`getMessage of it: ${await tried(c, () => s.getMessage({ seq: 2 }))}`);
    log.push(`info deleted details: ${JSON.stringify((await s.info(false, { deleted_details: true })).state.deleted)}`);
    log.push(`first_seq on 2.9: ${await tried(c, () => jsm.streams.add({ name: `${name}_F`, first_seq: 50, subjects: [`${name}f`] }), () => "added")}`);
    await jsm.streams.delete(name);
    log.push(`info after delete: ${await tried(c, () => s.info(), () => "info")}`);
    log.push(`cached info after delete: ${await tried(c, () => s.info(true), () => "info")}`);
    await nc.close();
    return log;
  });
});

test("jsm_direct_test: direct gets by seq, next_by_subj, start_time, last_by_subj, seq 0; batches refused on 2.9", async () => {
  await same(async (c) => {
    const log: unknown[] = [];
    const { nc, jsm, js } = await setup(c);
    const name = unique("DIR");
    await jsm.streams.add({ name, subjects: [`${name}.a.>`, `${name}.b.>`, `${name}.z`], storage: c.js.StorageType.Memory, allow_direct: true });
    for (let i = 1; i <= 4; i++) {
      await js.publish(`${name}.a.${i}`, "<payload>");
      await js.publish(`${name}.b.${i}`, JSON.stringify({ hello: "world" }));
      await js.publish(`${name}.z`, new Uint8Array(15));
    }
    const show = (v: unknown) => {
      const m = v as { seq: number; subject: string; string(): string } | null;
      return m ? `${m.seq} ${m.subject.replace(name, "<n>")} ${m.string().slice(0, 9)}` : m;
    };
    log.push(`seq 0: ${await tried(c, () => jsm.direct.getMessage(name, { seq: 0 }), show)}`);
    log.push(`seq 1: ${await tried(c, () => jsm.direct.getMessage(name, { seq: 1 }), show)}`);
    log.push(`json of seq 2: ${JSON.stringify((await jsm.direct.getMessage(name, { seq: 2 }))?.json())}`);
    log.push(`first z: ${await tried(c, () => jsm.direct.getMessage(name, { next_by_subj: `${name}.z` }), show)}`);
    log.push(`z from 4: ${await tried(c, () => jsm.direct.getMessage(name, { seq: 4, next_by_subj: `${name}.z` }), show)}`);
    const start_time = (await jsm.direct.getMessage(name, { seq: 3 }))!.time;
    log.push(`start_time of seq 3: ${await tried(c, () => jsm.direct.getMessage(name, { start_time } as never), show)}`);
    log.push(`last z: ${await tried(c, () => jsm.direct.getMessage(name, { last_by_subj: `${name}.z` }), show)}`);
    log.push(`last of nothing: ${await tried(c, () => jsm.direct.getMessage(name, { last_by_subj: `${name}.a.9` }), show)}`);
    log.push(`getBatch: ${await tried(c, () => jsm.direct.getBatch(name, { batch: 3, seq: 3 } as never), () => "a batch")}`);
    log.push(`getLastMessagesFor: ${await tried(c, () => jsm.direct.getLastMessagesFor(name, { multi_last: [`${name}.z`] }), () => "a batch")}`);
    const nd = unique("NODIR");
    await jsm.streams.add({ name: nd, subjects: [`${nd}.>`] });
    await js.publish(`${nd}.a`);
    // nobody answers a direct get on a stream without allow_direct: a manager with a 1 s timeout waits less
    const quick = await c.js.jetstreamManager(nc, { timeout: 1000 });
    log.push(`direct get without allow_direct: ${await tried(c, () => quick.direct.getMessage(nd, { seq: 1 }), show)}`);
    await jsm.streams.delete(name);
    await jsm.streams.delete(nd);
    await nc.close();
    return log;
  });
});
