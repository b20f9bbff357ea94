/**
 * Opening an existing object store for a verb: its stream (`OBJ_<store>`) is looked up first, so a missing
 * store is one line naming it and nothing is created (`Objm.create` would make it). Store names are checked
 * before connecting with the store's own rule and text (`invalid bucket name: a.b`).
 */
import type { StreamInfo } from "@nats-stack/jetstream";
import { Objm, osPrefix, validateBucket, type ObjectStore } from "@nats-stack/jetstream/obj";
import { usageError } from "../output/cli-error";
import type { JsSession } from "../jetstream/js-session";
import { storeCall, type StoreContext } from "../jetstream/store-errors";

/** A store name: letters, digits, `_` and `-`. */
export function checkStoreName(name: string): string {
  try {
    validateBucket(name);
  } catch (e) {
    throw usageError((e as Error).message, "a store name holds letters, digits, '_' and '-'");
  }
  return name;
}

/** An open store and its stream's info. */
export interface OpenStore {
  bucket: string;
  store: ObjectStore;
  si: StreamInfo;
  /** The context for calls on this store. */
  ctx: (action: string) => StoreContext;
}

/** The stream info of store `bucket`; a missing one is "object store 'x' not found". */
export function storeInfo(s: JsSession, bucket: string): Promise<StreamInfo> {
  return storeCall({ kind: "object", bucket, action: `load object store '${bucket}'`, server: s.server }, () => s.jsm.streams.info(`${osPrefix}${bucket}`));
}

/** Opens store `bucket`, which must exist. */
export async function openStore(s: JsSession, bucket: string): Promise<OpenStore> {
  const si = await storeInfo(s, bucket);
  const ctx = (action: string): StoreContext => ({ kind: "object", bucket, action, server: s.server });
  // Already looked up: open without a second request.
  const store = await storeCall(ctx(`open object store '${bucket}'`), () => new Objm(s.js).open(bucket, false));
  return { bucket, store, si, ctx };
}
