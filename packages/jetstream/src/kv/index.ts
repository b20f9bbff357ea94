/**
 * `@nats-stack/jetstream/kv`: key-value buckets on JetStream, a drop-in for `@nats-io/kv` 3.4.0. Change the
 * import; keep the code. Buckets are shared with nats.js and nats.go (same streams, subjects and headers).
 * @packageDocumentation
 */
export { Kvm } from "./kvm";
export { Bucket } from "./kv-bucket";
export { defaultBucketOpts } from "./kv-config";
export { Base64KeyCodec, NoopKvCodecs } from "./codecs";
export { KvWatchInclude, kvPrefix, kvOperationHdr } from "./kv-api";
export { validateBucket, validateKey, validateSearchKey, hasWildcards } from "./kv-keys";
export { KvStatusImpl } from "./kv-status";
export type { KvCodec, KvCodecs, KvKeyCodec, KvPayloadCodec } from "./codecs";
export type {
  KV,
  KvDeleteOptions,
  KvEntry,
  KvLimits,
  KvOptions,
  KvPurgeOptions,
  KvPutOptions,
  KvStatus,
  KvWatchEntry,
  KvWatchOptions,
  RoKV,
} from "./kv-api";
