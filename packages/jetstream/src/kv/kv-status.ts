/** A bucket's status read from its stream's info, as nats.js's `KvStatusImpl`. */
import { millis } from "@nats-stack/core";
import { StoreCompression, type StorageType } from "../api/policies";
import type { Placement, Republish, StreamInfo } from "../api/stream-config";
import { kvPrefix, type KvStatus } from "./kv-api";

/** {@link KvStatus} over a stream info; `cluster` is the cluster of the server that answered. */
export class KvStatusImpl implements KvStatus {
  constructor(
    readonly si: StreamInfo,
    readonly cluster = "",
  ) {}
  get bucket(): string {
    const n = this.si.config.name;
    return n.startsWith(kvPrefix) ? n.substring(kvPrefix.length) : n;
  }
  get values(): number {
    return this.si.state.messages;
  }
  get history(): number {
    return this.si.config.max_msgs_per_subject;
  }
  get ttl(): number {
    return millis(this.si.config.max_age);
  }
  get markerTTL(): number {
    const t = this.si.config.subject_delete_marker_ttl;
    return typeof t === "number" ? millis(t) : 0;
  }
  get bucket_location(): string {
    return this.cluster;
  }
  get backingStore(): StorageType {
    return this.si.config.storage;
  }
  get storage(): StorageType {
    return this.si.config.storage;
  }
  get replicas(): number {
    return this.si.config.num_replicas;
  }
  get description(): string {
    return this.si.config.description ?? "";
  }
  get maxBucketSize(): number {
    return this.si.config.max_bytes;
  }
  get maxValueSize(): number {
    return this.si.config.max_msg_size;
  }
  get max_bytes(): number {
    return this.si.config.max_bytes;
  }
  get placement(): Placement {
    return this.si.config.placement || { cluster: "", tags: [] };
  }
  get placementCluster(): string {
    return this.si.config.placement?.cluster ?? "";
  }
  get republish(): Republish {
    return this.si.config.republish ?? { src: "", dest: "" };
  }
  get streamInfo(): StreamInfo {
    return this.si;
  }
  get size(): number {
    return this.si.state.bytes;
  }
  get metadata(): Record<string, string> {
    return this.si.config.metadata ?? {};
  }
  get compression(): boolean {
    const c = this.si.config.compression;
    return c ? c !== StoreCompression.None : false;
  }
}
