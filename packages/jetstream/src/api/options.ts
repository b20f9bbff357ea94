/**
 * Options of a JetStream context and manager, as nats.js's `JetStreamOptions`/`JetStreamManagerOptions`, with
 * nats.js's defaults (API prefix `$JS.API`, 5 s timeout, a domain turned into `$JS.<domain>.API`), plus the
 * bound on publishes waiting for their acknowledgement that this client adds.
 */
import { createInbox, InvalidArgumentError, type NatsConnection } from "@nats-stack/core";

/** Options of `jetstream(nc, opts)`. */
export type JetStreamOptions = {
  /** API subject prefix (default `$JS.API`); must match the server's configuration. */
  apiPrefix?: string;
  /** Milliseconds to wait for an API answer or a publish acknowledgement. Default 5000. */
  timeout?: number;
  /** JetStream domain: sets the API prefix to `$JS.<domain>.API`. */
  domain?: string;
  /** Inbox prefix of push consumer deliver subjects and watchers (default: the connection's `inboxPrefix`). */
  watcherPrefix?: string;
  /**
   * Ours: the most publishes that may wait for their acknowledgement at once. Beyond it, `publish()` waits
   * (in call order) for an acknowledgement before it sends, so a loop of un-awaited publishes cannot flood
   * the server or time itself out. Default 4096; 0 for no bound (nats.js's behaviour).
   */
  maxPendingPublishes?: number;
};

/** Options of `jetstreamManager(nc, opts)`. */
export type JetStreamManagerOptions = JetStreamOptions & {
  /** Check that JetStream answers (an account info request) before returning the manager. Default true. */
  checkAPI?: boolean;
  /** @ignore Send `Nats-Required-Api-Level` on create/update requests that need a newer API level (ADR-44). */
  sendRequiredApiLevel?: boolean;
};

/** The default API prefix. */
export const DEFAULT_API_PREFIX = "$JS.API";
/** The default API and publish timeout (ms). */
export const DEFAULT_TIMEOUT = 5000;
/** The default bound on publishes awaiting acknowledgement. */
export const DEFAULT_MAX_PENDING_PUBLISHES = 4096;

/** Options with the defaults applied; `apiPrefix` without a trailing dot. */
export type ResolvedJsOptions = JetStreamManagerOptions & { apiPrefix: string; timeout: number };

/** The inbox prefix the connection was configured with (core's `nc.options`), "" when it has none. */
export function connectionInboxPrefix(nc: NatsConnection): string {
  return nc.options?.inboxPrefix ?? "";
}

/** Applies nats.js's defaults and checks: a domain becomes the API prefix, an empty prefix is refused. */
export function resolveJsOptions(nc: NatsConnection, opts: JetStreamManagerOptions = {}): ResolvedJsOptions {
  const o: JetStreamManagerOptions = { ...opts };
  o.watcherPrefix = o.watcherPrefix || connectionInboxPrefix(nc);
  if (o.domain) {
    o.apiPrefix = `$JS.${o.domain}.API`;
    delete o.domain;
  }
  const r = { apiPrefix: DEFAULT_API_PREFIX, timeout: DEFAULT_TIMEOUT, ...stripUndefined(o) } as ResolvedJsOptions;
  let prefix = r.apiPrefix;
  if (!prefix || prefix.length === 0) throw InvalidArgumentError.format("prefix", "cannot be empty");
  // A non-string prefix (or domain) was a TypeError from prefix.endsWith; it could never name a subject
  if (typeof prefix !== "string") throw InvalidArgumentError.format("prefix", "must be a string");
  if (prefix.endsWith(".")) prefix = prefix.slice(0, -1);
  r.apiPrefix = prefix;
  // 0 means the default: nats.js accepts it (and its requests then fall back to core's 1 s)
  if (r.timeout === 0) r.timeout = DEFAULT_TIMEOUT;
  if (typeof r.timeout !== "number" || !(r.timeout > 0)) throw InvalidArgumentError.format("timeout", "must be greater than 0");
  if (r.maxPendingPublishes !== undefined && (typeof r.maxPendingPublishes !== "number" || r.maxPendingPublishes < 0)) {
    throw InvalidArgumentError.format("maxPendingPublishes", "must be a number >= 0");
  }
  // A bad watcher prefix fails here, not on the first push consumer; as an InvalidArgumentError (core's
  // createInbox says TypeError, as nats.js's does, but here it is an option of ours being checked).
  try {
    createInbox(r.watcherPrefix);
  } catch (err) {
    throw InvalidArgumentError.format("watcherPrefix", (err as Error).message.replace(/^prefix /, ""), { cause: err });
  }
  return r;
}

function stripUndefined<T extends object>(o: T): T {
  const out = {} as T;
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
