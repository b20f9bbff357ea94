/**
 * STAN's request/reply: one wildcard subscription `_INBOX.<nuid>.*` for every request of a session, each
 * request with its own timeout. Ours rather than core's `request()` for two reasons: each STAN request needs
 * its own timeout error text (`stan: subscribe request timeout`…), and reply tokens are NUIDs, as
 * node-nats-streaming's, so a session looks on the wire like the reference client's (the replay tests
 * compare the two).
 */
import { createInbox, nuid, type Msg, type NatsConnection, type Subscription } from "@nats-stack/core";
import { StanError } from "./errors";

interface Pending {
  subject: string;
  done(err: Error | null, m?: Msg): void;
  timer: ReturnType<typeof setTimeout>;
}

/** The request inbox of one STAN session. */
export class RequestMux {
  private readonly base: string;
  private readonly pending = new Map<string, Pending>();
  private readonly sub: Subscription;

  constructor(private readonly nc: NatsConnection) {
    this.base = createInbox();
    this.sub = nc.subscribe(`${this.base}.*`, { callback: (err, m) => (err ? undefined : this.onReply(m)) });
  }

  /**
   * Publishes `payload` to `subject` and calls `done` with the reply (synchronously, in the delivery of the
   * reply, so that what the caller sets up runs before the next message of the same read), or with
   * `onTimeout()` when none arrives within `timeout` ms, or with the publish's own error.
   */
  send(subject: string, payload: Uint8Array, timeout: number, onTimeout: () => StanError, done: (err: Error | null, m?: Msg) => void): void {
    const token = nuid.next();
    const timer = setTimeout(() => {
      this.pending.delete(token);
      done(onTimeout());
    }, timeout);
    this.pending.set(token, { subject, done, timer });
    try {
      this.nc.publish(subject, payload, { reply: `${this.base}.${token}` });
    } catch (err) {
      clearTimeout(timer);
      this.pending.delete(token);
      done(new StanError("STAN_ERR_REQUEST", (err as Error).message, { cause: err }));
    }
  }

  /** {@link send} as a promise. */
  request(subject: string, payload: Uint8Array, timeout: number, onTimeout: () => StanError): Promise<Msg> {
    return new Promise<Msg>((resolve, reject) => this.send(subject, payload, timeout, onTimeout, (err, m) => (err ? reject(err) : resolve(m!))));
  }

  private onReply(m: Msg): void {
    const token = m.subject.slice(this.base.length + 1);
    const p = this.pending.get(token);
    if (!p) return;
    this.pending.delete(token);
    clearTimeout(p.timer);
    // A 503 status with no body: the NATS server says nobody listens (no STAN server for this subject).
    // Fail now with that instead of waiting for the timeout, as node-nats-streaming did.
    if (m.data.length === 0 && m.headers?.code === 503) {
      p.done(new StanError("STAN_ERR_NO_RESPONDERS", `stan: no responders on '${p.subject}'`));
      return;
    }
    p.done(null, m);
  }

  /** Fails every pending request; with `unsubscribe`, also drops the subscription (not needed when the connection closes). */
  close(err: Error, unsubscribe: boolean): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.done(err);
    }
    this.pending.clear();
    if (unsubscribe && !this.nc.isClosed()) this.sub.unsubscribe();
  }
}
