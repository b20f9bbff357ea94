/** `Objm`: the entry point to object stores, as nats.js's. */
import type { NatsConnection } from "@nats-stack/core";
import { ListerImpl, type Lister } from "../api/lister";
import { feature } from "../api/server-features";
import type { StreamInfo } from "../api/stream-config";
import type { JetStreamClient } from "../client/client-api";
import { toJetStreamClient, type JetStreamClientImpl } from "../client/jetstream-client";
import type { JetStreamManagerImpl } from "../manager/manager";
import { osPrefix, type ObjectStore, type ObjectStoreOptions, type ObjectStoreStatus } from "./obj-api";
import { ObjectStoreStatusImpl, objectStoreStreamName } from "./obj-status";
import { batchedUnsupported, ObjectStoreImpl } from "./object-store";
import { hasWebCryptoDigest } from "./sha256";

/** Creates, opens and lists object stores. */
export class Objm {
  js: JetStreamClientImpl;

  /**
   * A manager of object stores on a JetStream client, or on a connection (with the default JetStream options;
   * pass a client for others).
   */
  constructor(nc: JetStreamClient | NatsConnection) {
    this.js = toJetStreamClient(nc) as JetStreamClientImpl;
  }

  /** Opens store `name`, creating it with `opts` when it does not exist (an existing one keeps its settings). */
  create(name: string, opts: Partial<ObjectStoreOptions> = {}): Promise<ObjectStore> {
    // null options are the defaults (destructuring null was a TypeError)
    return this.#maybeCreate(name, opts ?? {});
  }

  /** Opens store `name`; unless `check` is false, fails with `object store not found` when it does not exist. */
  async open(name: string, check: boolean | { check?: boolean } = true): Promise<ObjectStore> {
    let doInfo = true;
    let allowBatched = false;
    if (typeof check === "boolean") doInfo = check;
    else {
      const o = check as { check?: boolean; allowBatched?: boolean };
      doInfo = o.check === true;
      allowBatched = o.allowBatched === true;
    }
    if (allowBatched) throw batchedUnsupported(this.js);
    const jsm = (await this.js.jetstreamManager()) as JetStreamManagerImpl;
    const os = new ObjectStoreImpl(name, jsm, this.js);
    os.stream = objectStoreStreamName(name);
    if (doInfo && (await os._si()) === null) throw new Error("object store not found");
    return os;
  }

  #maybeCreate(name: string, opts: Partial<ObjectStoreOptions> = {}): Promise<ObjectStore> {
    if (!hasWebCryptoDigest()) {
      return Promise.reject(new Error("objectstore: unable to calculate hashes - crypto.subtle.digest with sha256 support is required"));
    }
    const { ok, min } = feature(this.js.nc, "JS_OBJECTSTORE");
    if (!ok) return Promise.reject(new Error(`objectstore is only supported on servers ${min} or better`));
    return ObjectStoreImpl.create(this.js, name, opts);
  }

  /** The status of every store (every stream named `OBJ_…`). */
  list(): Lister<ObjectStoreStatus> {
    const filter = (v: unknown): ObjectStoreStatus[] => {
      const streams = (v as { streams: StreamInfo[] }).streams.filter((si) => si.config.name.startsWith(osPrefix));
      for (const si of streams) {
        si.config.sealed = si.config.sealed || false;
        si.config.deny_delete = si.config.deny_delete || false;
        si.config.deny_purge = si.config.deny_purge || false;
        si.config.allow_rollup_hdrs = si.config.allow_rollup_hdrs || false;
      }
      return streams.map((si) => new ObjectStoreStatusImpl(si));
    };
    return new ListerImpl<ObjectStoreStatus>(`${this.js.apiPrefix}.STREAM.LIST`, filter, this.js);
  }
}
