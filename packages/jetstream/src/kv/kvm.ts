/** `Kvm`: the entry point to key-value buckets, as nats.js's. */
import type { NatsConnection } from "@nats-stack/core";
import { ListerImpl, type Lister } from "../api/lister";
import { feature } from "../api/server-features";
import type { StreamInfo } from "../api/stream-config";
import type { JetStreamClient } from "../client/client-api";
import { toJetStreamClient, type JetStreamClientImpl } from "../client/jetstream-client";
import { Bucket } from "./kv-bucket";
import { kvPrefix, type KV, type KvOptions, type KvStatus } from "./kv-api";
import { KvStatusImpl } from "./kv-status";

/** Creates, opens and lists buckets. */
export class Kvm {
  js: JetStreamClientImpl;

  /**
   * A manager of buckets on a JetStream client, or on a connection (with the default JetStream options; pass a
   * client for others).
   */
  constructor(nc: JetStreamClient | NatsConnection) {
    this.js = toJetStreamClient(nc) as JetStreamClientImpl;
  }

  /** Opens bucket `name`, creating it with `opts` when it does not exist (an existing one keeps its settings). */
  create(name: string, opts: Partial<KvOptions> = {}): Promise<KV> {
    // null options are the defaults (they were a synchronous TypeError, as in nats.js)
    return this.#maybeCreate(name, opts ?? {});
  }

  /** Opens bucket `name` without looking it up: using a bucket that does not exist fails then. */
  open(name: string, opts: Partial<KvOptions> = {}): Promise<KV> {
    // null options are the defaults (setting bindOnly on null was a synchronous TypeError)
    opts = opts ?? {};
    opts.bindOnly = true;
    return this.#maybeCreate(name, opts);
  }

  #maybeCreate(name: string, opts: Partial<KvOptions> = {}): Promise<KV> {
    const { ok, min } = feature(this.js.nc, "JS_KV");
    if (!ok) return Promise.reject(new Error(`kv is only supported on servers ${min} or better`));
    return opts.bindOnly ? Bucket.bind(this.js, name, opts) : Bucket.create(this.js, name, opts);
  }

  /** The status of every bucket (every stream named `KV_…`). */
  list(): Lister<KvStatus> {
    const filter = (v: unknown): KvStatus[] => {
      const streams = (v as { streams: StreamInfo[] }).streams.filter((si) => si.config.name.startsWith(kvPrefix));
      for (const si of streams) {
        si.config.sealed = si.config.sealed || false;
        si.config.deny_delete = si.config.deny_delete || false;
        si.config.deny_purge = si.config.deny_purge || false;
        si.config.allow_rollup_hdrs = si.config.allow_rollup_hdrs || false;
      }
      const cluster = streams.length ? (this.js.nc.info?.cluster ?? "") : "";
      return streams.map((si) => new KvStatusImpl(si, cluster));
    };
    return new ListerImpl<KvStatus>(`${this.js.apiPrefix}.STREAM.LIST`, filter, this.js);
  }
}
