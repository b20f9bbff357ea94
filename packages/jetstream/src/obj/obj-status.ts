/** A store's status read from its stream's info, as nats.js's `ObjectStoreStatusImpl`. */
import { StoreCompression, type StorageType } from "../api/policies";
import type { StreamInfo } from "../api/stream-config";
import { osPrefix, type ObjectStoreStatus } from "./obj-api";

/** `OBJ_<bucket>` of a bucket name. */
export function objectStoreStreamName(bucket: string): string {
  validateBucket(bucket);
  return `${osPrefix}${bucket}`;
}

/** The bucket name of a store's stream. */
export function objectStoreBucketName(stream: string): string {
  return stream.startsWith(osPrefix) ? stream.substring(osPrefix.length) : stream;
}

/** Throws `invalid bucket name: <name>` unless it is letters, digits, `_` and `-`. */
export function validateBucket(name: string): void {
  if (typeof name !== "string" || !/^[-\w]+$/.test(name)) throw new Error(`invalid bucket name: ${name}`);
}

/** {@link ObjectStoreStatus} over a stream info. */
export class ObjectStoreStatusImpl implements ObjectStoreStatus {
  readonly backingStore = "JetStream";
  constructor(readonly si: StreamInfo) {}
  get bucket(): string {
    return objectStoreBucketName(this.si.config.name);
  }
  get description(): string {
    return this.si.config.description ?? "";
  }
  get ttl(): number {
    return this.si.config.max_age;
  }
  get storage(): StorageType {
    return this.si.config.storage;
  }
  get replicas(): number {
    return this.si.config.num_replicas;
  }
  get sealed(): boolean {
    return this.si.config.sealed;
  }
  get size(): number {
    return this.si.state.bytes;
  }
  get streamInfo(): StreamInfo {
    return this.si;
  }
  get metadata(): Record<string, string> | undefined {
    return this.si.config.metadata;
  }
  get compression(): boolean {
    const c = this.si.config.compression;
    return c ? c !== StoreCompression.None : false;
  }
}
