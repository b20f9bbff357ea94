/**
 * What nats.js's own `core/tests/events_test.ts` asserts about clusters (an `update` status when a member
 * joins, the `ldm` status, `ignoreClusterUpdates`, a disconnect followed by a reconnect to another member),
 * run side by side on `@nats-io/transport-node` 3.4.0 and on this client against real nats-server clusters
 * (test/helpers/side-by-side.ts). The programs are ours; comments name the nats.js test of each case.
 */
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import type { Status } from "@nats-stack/core";
import { same, until } from "../helpers/side-by-side";

jest.setTimeout(60_000);

/** A cluster member joining `seed`'s cluster. */
function join(seed: NatsServer, name: string): Promise<NatsServer> {
  return startServer({ name, cluster: { name: seed.options.cluster!.name, routes: [`nats://127.0.0.1:${seed.clusterPort}`] } });
}

/** `nc`'s status events (pings left out). */
function watch(nc: { status(): AsyncIterable<Status> }): Status[] {
  const out: Status[] = [];
  void (async () => {
    for await (const s of nc.status()) if (s.type !== "ping") out.push(s);
  })();
  return out;
}

test("events: a member joining is an `update` with it added; ignoreClusterUpdates keeps the pool; ldm is reported", async () => {
  let n = 0;
  await same(async ({ connect }) => {
    const log: unknown[] = [];
    const name = `njs-cluster-${process.pid}-${++n}`;
    const seed = await startServer({ name: `${name}-0`, cluster: { name } });
    const servers = [seed];
    try {
      // "events - update"
      const nc = await connect({ servers: `127.0.0.1:${seed.port}` });
      const fixed = await connect({ servers: `127.0.0.1:${seed.port}`, ignoreClusterUpdates: true });
      const events = watch(nc);
      const fixedEvents = watch(fixed);
      const member = await join(seed, `${name}-1`);
      servers.push(member);
      await until(() => events.some((e) => e.type === "update" && (e.added?.length ?? 0) > 0), "the update");
      const upd = events.find((e) => e.type === "update" && (e.added?.length ?? 0) > 0) as Status & { added?: string[]; deleted?: string[] };
      log.push(`update: added ${upd.added?.map((a) => (a === member.hostport ? "<member>" : a)).join(",")}, deleted ${upd.deleted?.length ?? 0}`);
      log.push(`pool: ${nc.getServers().length}`);
      // "events - ignore server updates"
      await fixed.flush();
      log.push(`ignoreClusterUpdates: pool ${fixed.getServers().length}, updates ${fixedEvents.filter((e) => e.type === "update").length}`);
      // "events - ldm": the seed enters lame duck mode
      seed.control("ldm");
      await until(() => events.some((e) => e.type === "ldm"), "the ldm status");
      const ldm = events.find((e) => e.type === "ldm") as Status & { server?: string };
      log.push(`ldm: first of the events after the update ${events.slice(events.indexOf(upd) + 1).filter((e) => e.type !== "update")[0]?.type}, server ${ldm.server === seed.hostport ? "<seed>" : ldm.server}`);
      await Promise.all([nc.close(), fixed.close()]);
      return log;
    } finally {
      // a server in lame duck mode takes its time to stop (at least 30 s of lame duck duration)
      seed.signal("SIGKILL");
      await Promise.all(servers.map((s) => s.stop()));
    }
  });
});

test("events: losing the member a client is on is a disconnect, then a reconnect to another member", async () => {
  let n = 0;
  await same(async ({ connect }) => {
    const log: unknown[] = [];
    const name = `njs-disre-${process.pid}-${++n}`;
    const seed = await startServer({ name: `${name}-0`, cluster: { name } });
    const member = await join(seed, `${name}-1`);
    try {
      // "events - disreconnect"
      const nc = await connect({ servers: `127.0.0.1:${seed.port}`, maxReconnectAttempts: 1, reconnectTimeWait: 0 });
      await until(() => nc.getServers().length === 2, "the member in the pool");
      const events = watch(nc);
      await seed.stop();
      await until(() => events.some((e) => e.type === "reconnect"), "the reconnect");
      const kinds = events.map((e) => e.type).filter((t) => t !== "update");
      log.push(`events: ${kinds.filter((t, i) => t !== kinds[i - 1]).join(",")}`);
      log.push(`now on the member: ${nc.getServer() === member.hostport}`);
      await nc.close();
      return log;
    } finally {
      await Promise.all([seed.stop(), member.stop()]);
    }
  });
});
