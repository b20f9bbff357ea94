/**
 * How nats-server answers overlapping byte-bounded pull requests (the facts behind the byte bound of an
 * ordered `consume()`, profile-notes section 18): which request each message counts against when two are
 * open (each request gets its own reply subject here), what ends a request by bytes, and what a message
 * larger than a request's whole budget gets.
 *
 *   node bench/experiments/run.mjs pull-bytes-probe
 */
import { connect, createInbox, type Msg } from "@nats-stack/core";
import { jetstreamManager, AckPolicy, DeliverPolicy } from "@nats-stack/jetstream";
import { startServer } from "@nats-stack/fixtures/nats-server";

function describe(m: Msg, tag: string): string {
  const st = m.headers ? `${m.headers.code} ${m.headers.description} msgs=${m.headers.get("Nats-Pending-Messages")} bytes=${m.headers.get("Nats-Pending-Bytes")}` : "";
  return st ? `${tag}: status ${st}` : `${tag}: data ${m.subject} ${m.data.length} B (counts ${m.subject.length + (m.reply?.length ?? 0) + m.data.length})`;
}

async function main(): Promise<void> {
  const srv = await startServer({ jetstream: true });
  const nc = await connect({ servers: srv.url });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: "PROBE", subjects: ["probe.>"] });
    for (let i = 0; i < 40; i++) await nc.request("probe.small", new Uint8Array(100).fill(120));
    for (let i = 0; i < 10; i++) await nc.request("probe.big", new Uint8Array(200_000).fill(121));
    let seq = 0;
    // What the data messages of the last run counted against a budget, in delivery order.
    let counted: number[] = [];
    const run = async (title: string, reqs: { batch: number; max_bytes: number }[], wait = 600) => {
      counted = [];
      console.log(`--- ${title}`);
      const name = `c${++seq}`;
      await jsm.consumers.add("PROBE", { name, ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All, ...(title.includes("big") ? { filter_subject: "probe.big" } : {}) });
      const subs = reqs.map((r, i) => {
        const inbox = createInbox();
        const tag = String.fromCharCode(65 + i);
        nc.subscribe(inbox, {
          callback: (_e, m) => {
            if (!m.headers) counted.push(m.subject.length + (m.reply?.length ?? 0) + m.data.length);
            console.log(describe(m, tag));
          },
        });
        return { inbox, r };
      });
      for (const { inbox, r } of subs) nc.publish(`$JS.API.CONSUMER.MSG.NEXT.PROBE.${name}`, JSON.stringify({ ...r, expires: 2_000_000_000 }), { reply: inbox });
      await new Promise((res) => setTimeout(res, wait));
    };
    await run("two open requests of 5 messages each, large budgets", [{ batch: 5, max_bytes: 100_000 }, { batch: 5, max_bytes: 100_000 }]);
    await run("one request of 10 with a budget of 3.5 messages", [{ batch: 10, max_bytes: 700 }]);
    // A fresh consumer's first three messages count the same again (same name length, sequences, pending
    // counts and a 19-digit timestamp in the reply), so their sizes measured here make a budget they fill exactly.
    await run("sizes of the first 3 small messages", [{ batch: 3, max_bytes: 100_000 }]);
    const exact = counted.slice(0, 3).reduce((a, b) => a + b, 0);
    await run(`budget used exactly (3 messages, ${exact} B)`, [{ batch: 10, max_bytes: exact }]);
    await run("big: budget of 1.5 big messages, then a second request", [{ batch: 10, max_bytes: 300_000 }, { batch: 10, max_bytes: 300_000 }]);
    await run("big: budget smaller than one message, then a request of 1 without bytes", [{ batch: 10, max_bytes: 100_000 }, { batch: 1, max_bytes: 0 }]);
  } finally {
    await nc.close();
    await srv.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
