/**
 * `@nats-stack/jetstream/obj`: object stores on JetStream, a drop-in for `@nats-io/obj` 3.4.0. Change the
 * import; keep the code. Stores are shared with nats.js and nats.go (same streams, subjects, info JSON and
 * digests).
 * @packageDocumentation
 */
export { Objm } from "./objm";
export { StorageType } from "../api/policies";
export { Base64Codec, Base64UrlCodec, Base64UrlPaddedCodec } from "./base64";
export { getSha256Backend, setSha256Backend } from "./sha256";
export { digestType, osPrefix } from "./obj-api";
export { ObjectStoreImpl } from "./object-store";
export { ObjectStoreStatusImpl, objectStoreBucketName, objectStoreStreamName, validateBucket } from "./obj-status";
export type { Sha256Backend, StreamingSha256 } from "./sha256";
export type { Placement } from "../api/stream-config";
export type {
  ObjectInfo,
  ObjectLink,
  ObjectResult,
  ObjectStore,
  ObjectStoreLink,
  ObjectStoreMeta,
  ObjectStoreMetaOptions,
  ObjectStoreOptions,
  ObjectStorePutOpts,
  ObjectStoreStatus,
  ObjectWatchInfo,
} from "./obj-api";
