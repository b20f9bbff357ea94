/**
 * Watching a store's infos (`$O.<bucket>.M.>`) on an ordered consumer, and `list()` on top of it: the last
 * info of every object, then (for a watch) the changes. Like the key-value watch, a reader that falls behind
 * holds one pull batch, and a restarted server is picked up after the last info delivered.
 */
import { QueuedIteratorImpl, type QueuedIterator } from "@nats-stack/core";
import { DeliverPolicy } from "../api/policies";
import { JetStreamError } from "../api/errors";
import type { ConsumersImpl } from "../consumers/consumers";
import { MappedMessages } from "../consumers/mapped-messages";
import type { ObjectWatchInfo } from "./obj-api";
import type { StoreRef } from "./object-put";

/** Options of a watch; `historyOnly` (nats.js's hidden option, used by `list()`) ends after the last infos. */
export type ObjectWatchOptions = Partial<{ ignoreDeletes: boolean; includeHistory: boolean; historyOnly: boolean }>;

/** The infos of `os` as they change. */
export async function watchObjects(os: StoreRef & { _metaSubjectAll(): string }, opts: ObjectWatchOptions = {}): Promise<QueuedIterator<ObjectWatchInfo>> {
  const includeHistory = opts.includeHistory ?? false;
  const ignoreDeletes = opts.ignoreDeletes ?? false;
  const historyOnly = opts.historyOnly ?? false;
  const deliver_policy = includeHistory ? DeliverPolicy.LastPerSubject : DeliverPolicy.New;
  const oc = await (os.js.consumers as ConsumersImpl).createOrdered(os.stream, { filter_subjects: os._metaSubjectAll(), deliver_policy });
  const ocs = oc.orderedConsumerState!;
  if (historyOnly) ocs.lastPerSubjectOnReset = true;
  else if (deliver_policy === DeliverPolicy.New) ocs.cursor.stream_seq = oc._info.delivered.stream_seq;
  const count = oc._info.num_pending;
  if (historyOnly && count === 0) {
    oc.delete().catch(() => {});
    const qi = new QueuedIteratorImpl<ObjectWatchInfo>();
    qi.stop();
    return qi;
  }
  let isUpdate = deliver_policy === DeliverPolicy.New || count === 0;
  let i = 0;
  let last = 0;
  const msgs = await oc.consume();
  const mapped = new MappedMessages<ObjectWatchInfo>(oc, msgs, (jm, ctl) => {
    if (historyOnly) {
      if (jm.info.pending === 0) ctl.endAfterThis();
      // After a recreation the last infos come again: skip those already delivered.
      if (jm.seq <= last) return undefined;
      last = jm.seq;
    }
    if (!isUpdate) isUpdate = ++i >= count;
    let oi: ObjectWatchInfo;
    try {
      oi = jm.json<ObjectWatchInfo>();
    } catch (err) {
      throw new JetStreamError(`invalid object info on '${jm.subject}': ${(err as Error).message}`, { cause: err });
    }
    oi.isUpdate = isUpdate;
    return oi.deleted && ignoreDeletes ? undefined : oi;
  });
  return historyOnly ? mapped.endWhenIdle() : mapped;
}
