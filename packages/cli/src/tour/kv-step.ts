/**
 * The key-value part of the tour, on @nats-stack/jetstream/kv: a bucket keeping five revisions per key, a
 * watcher printing every change as it happens, puts and gets (the latest value, and an older revision),
 * a delete the watcher sees, and compare-and-set: an update against a stale revision is refused.
 */
import type { NatsConnection } from "@nats-stack/core";
import { jetStreamOrSkip } from "./jetstream-step";
import { Kvm, type KvWatchEntry } from "@nats-stack/jetstream/kv";
import { Narrator, until } from "./narrator";

/** The step's bucket: `settings` on the tour's own server, a unique one elsewhere. */
export function settingsBucket(p: string, ownServer: boolean): string {
  return ownServer ? "settings" : `settings-${p.replace(/[^\w-]/g, "_")}`;
}

/** Runs the key-value step on the tour's connection. */
export async function kvStep(nc: NatsConnection, t: Narrator, p: string, ownServer: boolean): Promise<void> {
  const bucket = settingsBucket(p, ownServer);
  await t.step(
    "Key-value: the latest value of every key",
    `A bucket '${bucket}' (a stream underneath) keeps a value per key, and here the last 5 revisions of each.`,
    "A watcher sees every change as it happens; a get reads the latest value, or an older revision.",
  );
  if (!(await jetStreamOrSkip(nc, t))) return;
  const kv = await new Kvm(nc).create(bucket, { history: 5 });
  t.sent("kv add", bucket, "history 5, file storage");
  try {
    const seen: KvWatchEntry[] = [];
    const watch = await kv.watch({ key: "ui.>" });
    const watching = (async () => {
      for await (const e of watch) {
        seen.push(e);
        t.received("watch", `${e.key} #${e.revision}`, e.operation === "PUT" ? e.string() : `(${e.operation === "DEL" ? "deleted" : "purged"})`);
      }
    })();
    t.sent("watch", "ui.>", "every change under ui.");
    const saw = (rev: number) => until(() => seen.some((e) => e.revision === rev), `the watcher's copy of revision ${rev}`);

    const puts: Array<[string, string]> = [
      ["ui.color", "blue"],
      ["ui.font", "mono"],
      ["ui.color", "green"],
    ];
    for (const [k, v] of puts) {
      t.sent("put", k, v);
      await saw(await kv.put(k, v));
    }
    const latest = await kv.get("ui.color");
    t.received("get", `ui.color #${latest?.revision}`, latest?.string());
    const first = await kv.get("ui.color", { revision: 1 });
    t.received("get", `ui.color #1`, `${first?.string()}  (an older revision, kept by the history)`);

    t.sent("delete", "ui.font");
    await kv.delete("ui.font");
    await until(() => seen.some((e) => e.key === "ui.font" && e.operation === "DEL"), "the watcher's copy of the delete");

    // Compare-and-set: an update names the revision it read; a writer that read an older one is refused.
    const rev = latest!.revision;
    t.sent("update", "ui.color", `red, if still at #${rev}`);
    await saw(await kv.update("ui.color", "red", rev));
    t.sent("update", "ui.color", `purple, if still at #${rev}`);
    try {
      await kv.update("ui.color", "purple", rev);
      t.note("Unexpected: the stale update was accepted.");
    } catch (e) {
      t.note(`Refused: ${(e as Error).message} (someone changed ui.color since #${rev}).`);
    }
    const st = await kv.status();
    t.note(`${bucket} holds ${st.values} entries (values and the delete marker); the watcher saw all ${seen.length} changes as they happened.`);
    watch.stop();
    await watching;
  } finally {
    // Leave someone else's server as it was; the tour's own server goes away anyway.
    if (!ownServer) await kv.destroy().catch(() => false);
  }
}
