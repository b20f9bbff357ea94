/**
 * Opening an existing bucket for a verb: its stream (`KV_<bucket>`) is looked up first, so a missing bucket is
 * one line naming it and nothing is created (`Kvm.create` would make it), then the bucket is bound to that
 * stream's settings (direct gets, a mirror's write subjects) without a second request.
 */
import type { StreamInfo } from "@nats-stack/jetstream";
import { Bucket, Kvm, kvPrefix, type KV } from "@nats-stack/jetstream/kv";
import type { JsSession } from "../jetstream/js-session";
import { storeCall, type StoreContext } from "../jetstream/store-errors";

/** An open bucket and its stream's info. */
export interface OpenBucket {
  bucket: string;
  kv: KV;
  si: StreamInfo;
  /** The context for calls on this bucket (`action` is set per call). */
  ctx: (action: string) => StoreContext;
}

/** The stream info of bucket `bucket`; a missing one is "bucket 'x' not found". */
export function bucketInfo(s: JsSession, bucket: string): Promise<StreamInfo> {
  return storeCall({ kind: "kv", bucket, action: `load bucket '${bucket}'`, server: s.server }, () => s.jsm.streams.info(`${kvPrefix}${bucket}`));
}

/** Opens bucket `bucket`, which must exist. */
export async function openBucket(s: JsSession, bucket: string): Promise<OpenBucket> {
  const si = await bucketInfo(s, bucket);
  const ctx = (action: string): StoreContext => ({ kind: "kv", bucket, action, server: s.server });
  const kv = await storeCall(ctx(`open bucket '${bucket}'`), () => new Kvm(s.js).open(bucket, { allow_direct: si.config.allow_direct === true }));
  // Bound without a request, the bucket learns its stream's subjects (a mirror writes to its origin) here.
  if (kv instanceof Bucket) kv.initializePrefixes(si);
  return { bucket, kv, si, ctx };
}
