/** The JetStream manager: `jetstreamManager(nc, opts)`, account info, advisories. */
import { QueuedIteratorImpl, type NatsConnection } from "@nats-stack/core";
import type { JetStreamAccountStats } from "../api/account-types";
import { BaseApiClientImpl } from "../api/api-client";
import type { JetStreamManagerOptions } from "../api/options";
import { accountInfoSubject, ADVISORY_SUBJECT } from "../api/subjects";
import type { JetStreamClient } from "../client/client-api";
import { jetstream } from "../client/jetstream-client";
import { ConsumerAPIImpl } from "./consumers";
import { DirectStreamAPIImpl } from "./direct";
import type { Advisory, AdvisoryKind, JetStreamManager } from "./manager-api";
import { StreamAPIImpl } from "./streams";

/** Advisories kept for a reader that does not keep up; older ones are dropped first. */
export const MAX_QUEUED_ADVISORIES = 4096;

/** The manager, as nats.js's `JetStreamManagerImpl`. */
export class JetStreamManagerImpl extends BaseApiClientImpl implements JetStreamManager {
  readonly streams: StreamAPIImpl;
  readonly consumers: ConsumerAPIImpl;
  readonly direct: DirectStreamAPIImpl;

  constructor(nc: NatsConnection, opts?: JetStreamManagerOptions) {
    super(nc, opts);
    this.streams = new StreamAPIImpl(nc, opts);
    this.consumers = new ConsumerAPIImpl(nc, opts);
    this.direct = new DirectStreamAPIImpl(nc, opts);
  }

  getAccountInfo(): Promise<JetStreamAccountStats> {
    return this._request<JetStreamAccountStats>(accountInfoSubject(this.prefix));
  }

  jetstream(): JetStreamClient {
    return jetstream(this.nc, this.getOptions());
  }

  /**
   * Advisories as they are published (`$JS.EVENT.ADVISORY.>`), each with its kind (the last token of its
   * `type`). Leaving the loop unsubscribes; a reader that falls behind loses the oldest first.
   */
  advisories(): AsyncIterable<Advisory> {
    const iter = new QueuedIteratorImpl<Advisory>();
    const sub = this.nc.subscribe(ADVISORY_SUBJECT, {
      callback: (err, msg) => {
        if (err) return iter.stop(err);
        try {
          const d = this.parseJsResponse<{ type?: string }>(msg);
          const chunks = String(d.type ?? "").split(".");
          if (iter.getPending() >= MAX_QUEUED_ADVISORIES) iter.shift();
          iter.push({ kind: chunks[chunks.length - 1] as AdvisoryKind, data: d });
        } catch (e) {
          iter.stop(e as Error);
          sub.unsubscribe();
        }
      },
    });
    iter.onBreak = () => sub.unsubscribe();
    void sub.closed.then(() => iter.stop());
    return iter;
  }
}

/**
 * A manager on `nc`. Unless `checkAPI` is false, an account info request first checks that JetStream answers
 * (`JetStreamNotEnabled` otherwise).
 */
export async function jetstreamManager(nc: NatsConnection, opts: JetStreamManagerOptions = {}): Promise<JetStreamManager> {
  const adm = new JetStreamManagerImpl(nc, opts);
  if (opts.checkAPI !== false) await adm.getAccountInfo();
  return adm;
}
