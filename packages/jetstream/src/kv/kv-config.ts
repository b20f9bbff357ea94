/**
 * The stream behind a bucket, built from the bucket options as nats.js builds it (so a bucket made by either
 * client, or by nats.go, has the same configuration): `KV_<bucket>` storing `$KV.<bucket>.>`, limits
 * retention, one message per key per history slot, discard new (servers 2.7.2+), rollups allowed, direct gets
 * where the server has them. A mirror or source name gets `KV_` when it lacks it; a source from another
 * bucket maps its subjects onto this bucket's.
 */
import { nanos, type NatsConnection } from "@nats-stack/core";
import { DiscardPolicy, RetentionPolicy, StorageType, StoreCompression } from "../api/policies";
import { feature, serverAtLeast } from "../api/server-features";
import type { StreamConfig } from "../api/stream-config";
import { NoopKvCodecs } from "./codecs";
import { kvPrefix, type KvOptions } from "./kv-api";

/** nats.js's defaults of a new bucket. */
export function defaultBucketOpts(): Partial<KvOptions> {
  return {
    replicas: 1,
    history: 1,
    timeout: 2000,
    max_bytes: -1,
    maxValueSize: -1,
    codec: NoopKvCodecs(),
    storage: StorageType.File,
  };
}

/** The stream configuration of a new bucket, and whether its reads go direct. */
export interface BucketStream {
  config: Partial<StreamConfig> & { name: string };
  direct: boolean;
}

/**
 * The configuration for bucket `bucket` with `opts`. Throws, before anything is sent, what the connected
 * server cannot honour: `allow_direct` before 2.9.0 (nats.js's text) and `markerTTL` before 2.11.0 (ours:
 * an older server would store the stream without marker TTLs and say nothing).
 */
export function bucketStreamConfig(nc: NatsConnection, bucket: string, opts: Partial<KvOptions>): BucketStream {
  const bo = Object.assign(defaultBucketOpts(), opts);
  const subjects = [`$KV.${bucket}.>`];
  const sc: Partial<StreamConfig> & { name: string } = { name: opts.streamName ?? `${kvPrefix}${bucket}` };
  sc.retention = RetentionPolicy.Limits;
  sc.max_msgs_per_subject = bo.history;
  if (bo.max_bytes) sc.max_bytes = bo.max_bytes;
  sc.max_msg_size = bo.maxValueSize;
  sc.storage = bo.storage;
  if (opts.placement) sc.placement = opts.placement;
  if (opts.republish) sc.republish = opts.republish;
  if (opts.description) sc.description = opts.description;
  if (opts.markerTTL) {
    const { ok, min } = feature(nc, "JS_MSG_TTL");
    if (!ok) throw new Error(`kv 'markerTTL' requires server ${min}`);
    sc.allow_msg_ttl = true;
    sc.subject_delete_marker_ttl = nanos(bo.markerTTL!);
  }
  if (opts.mirror) {
    const mirror = { ...opts.mirror };
    if (!mirror.name.startsWith(kvPrefix)) mirror.name = `${kvPrefix}${mirror.name}`;
    sc.mirror = mirror;
    sc.mirror_direct = true;
  } else if (opts.sources) {
    sc.sources = opts.sources.map((s) => {
      const c = { ...s };
      const srcBucket = c.name.startsWith(kvPrefix) ? c.name.substring(kvPrefix.length) : c.name;
      if (!c.name.startsWith(kvPrefix)) c.name = `${kvPrefix}${c.name}`;
      if (!s.external && srcBucket !== bucket) c.subject_transforms = [{ src: `$KV.${srcBucket}.>`, dest: `$KV.${bucket}.>` }];
      return c;
    });
    sc.subjects = subjects;
  } else {
    sc.subjects = subjects;
  }
  if (opts.metadata) sc.metadata = opts.metadata;
  if (typeof opts.compression === "boolean") sc.compression = opts.compression ? StoreCompression.S2 : StoreCompression.None;
  const version = nc.info?.version;
  sc.discard = version && serverAtLeast(nc, "2.7.2") ? DiscardPolicy.New : DiscardPolicy.Old;
  const { ok: directOk, min } = feature(nc, "JS_ALLOW_DIRECT");
  if (!directOk && opts.allow_direct === true) {
    throw new Error(`allow_direct is not available on server version ${version ?? "unknown"} - requires ${min}`);
  }
  // The caller's choice, else whatever the server supports.
  const direct = typeof opts.allow_direct === "boolean" ? opts.allow_direct : directOk;
  sc.allow_direct = direct;
  sc.num_replicas = bo.replicas;
  if (bo.ttl) sc.max_age = nanos(bo.ttl);
  sc.allow_rollup_hdrs = true;
  return { config: sc, direct };
}
