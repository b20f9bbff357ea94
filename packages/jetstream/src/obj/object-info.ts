/**
 * The info of an object as stored (the JSON of its meta message, `$O.<bucket>.M.<name>`), and as the
 * application sees it (`ObjectInfo`: headers as `MsgHdrs`, defaults filled in), as nats.js's `ObjectInfoImpl`.
 */
import { MsgHdrsImpl, type MsgHdrs } from "@nats-stack/core";
import type { ObjectInfo, ObjectStoreMeta, ObjectStoreMetaOptions } from "./obj-api";

/** The metadata part of a stored info: headers as a record. */
export type ServerObjectStoreMeta = {
  name: string;
  description?: string;
  headers?: Record<string, string[]>;
  options?: ObjectStoreMetaOptions;
  metadata?: Record<string, string>;
};

/** A stored info. */
export type ServerObjectInfo = {
  bucket: string;
  nuid: string;
  size: number;
  chunks: number;
  digest: string;
  deleted?: boolean;
  mtime: string;
  revision: number;
  metadata?: Record<string, string>;
} & ServerObjectStoreMeta;

/** The stored form of `meta` (the fields in nats.js's order, so both write the same JSON). */
export function toServerObjectStoreMeta(meta: ObjectStoreMeta): ServerObjectStoreMeta {
  const v: ServerObjectStoreMeta = {
    name: meta.name,
    description: meta.description ?? "",
    options: meta.options,
    metadata: meta.metadata,
  };
  if (meta.headers) v.headers = (meta.headers as MsgHdrsImpl).toRecord();
  return v;
}

/** {@link ObjectInfo} over a stored info. */
export class ObjectInfoImpl implements ObjectInfo {
  readonly info: ServerObjectInfo;
  private hdrs: MsgHdrs | undefined;

  constructor(oi: ServerObjectInfo) {
    this.info = oi;
  }
  get name(): string {
    return this.info.name;
  }
  get description(): string {
    return this.info.description ?? "";
  }
  get headers(): MsgHdrs {
    return (this.hdrs ??= MsgHdrsImpl.fromRecord(this.info.headers || {}));
  }
  get options(): ObjectStoreMetaOptions | undefined {
    return this.info.options;
  }
  get bucket(): string {
    return this.info.bucket;
  }
  get chunks(): number {
    return this.info.chunks;
  }
  get deleted(): boolean {
    return this.info.deleted ?? false;
  }
  get digest(): string {
    return this.info.digest;
  }
  get mtime(): string {
    return this.info.mtime;
  }
  get nuid(): string {
    return this.info.nuid;
  }
  get size(): number {
    return this.info.size;
  }
  get revision(): number {
    return this.info.revision;
  }
  get metadata(): Record<string, string> {
    return this.info.metadata || {};
  }
  isLink(): boolean {
    return this.info.options?.link !== undefined && this.info.options?.link !== null;
  }
}
