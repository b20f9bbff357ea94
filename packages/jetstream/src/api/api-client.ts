/**
 * The JetStream JSON API client: a request per call on the connection's request inbox, the answer parsed as
 * JSON and its `error` object turned into the error class its `err_code` names. No responders (no JetStream
 * server listening) becomes `JetStreamNotEnabled`, as nats.js reports it.
 */
import { backoff, delay, Empty, headers, RequestError, TimeoutError, type Msg, type MsgHdrs, type NatsConnection } from "@nats-stack/core";
import type { ApiResponse } from "./api-types";
import { apiErrorFor, JetStreamError, JetStreamNotEnabled, StreamNotFoundError } from "./errors";
import { JsHeaders } from "./headers";
import { resolveJsOptions, type JetStreamManagerOptions, type JetStreamOptions, type ResolvedJsOptions } from "./options";
import { streamNamesSubject } from "./subjects";

/** Options of one API request. */
export interface ApiRequestOptions {
  /** Attempts on a timeout or no responders (default 1; -1 for no limit). */
  retries?: number;
  /** Minimum JetStream API level (sent as `Nats-Required-Api-Level`). */
  minApiVersion?: number;
  /** Milliseconds to wait (default the context's timeout). */
  timeout?: number;
  headers?: MsgHdrs;
}

const decoder = new TextDecoder();

/**
 * Parses an API answer: JSON (else a {@link JetStreamError} saying the answer was not JSON) whose `error`
 * object, if any, is thrown as the error class of its `err_code`.
 */
export function parseJsResponse<T = unknown>(m: Msg): T {
  let v: unknown;
  try {
    v = JSON.parse(decoder.decode(m.data));
  } catch (err) {
    throw new JetStreamError(`invalid JSON in JetStream API response on '${m.subject}': ${(err as Error).message}`, { cause: err });
  }
  if (v === null || typeof v !== "object") throw new JetStreamError(`invalid JetStream API response on '${m.subject}': not an object`);
  const r = v as ApiResponse;
  if (r.error) throw apiErrorFor(r.error);
  return v as T;
}

/** The wrapping nats.js applies to a request nobody answered: JetStream is not there. */
export function notEnabled(err: unknown): Error {
  return new JetStreamNotEnabled("jetstream is not enabled", { cause: err });
}

/** Base of every API user (manager, stream and consumer APIs, the JetStream client), as nats.js's `BaseApiClientImpl`. */
export class BaseApiClientImpl {
  readonly nc: NatsConnection;
  readonly opts: ResolvedJsOptions;
  /** API subject prefix, without a trailing dot. */
  readonly prefix: string;
  /** Milliseconds an API call waits. */
  readonly timeout: number;

  constructor(nc: NatsConnection, opts?: JetStreamOptions | JetStreamManagerOptions) {
    this.nc = nc;
    this.opts = resolveJsOptions(nc, opts);
    this.prefix = this.opts.apiPrefix;
    this.timeout = this.opts.timeout;
  }

  /** A copy of the resolved options. */
  getOptions(): JetStreamOptions {
    return { ...this.opts };
  }

  /** The connection. */
  getConnection(): NatsConnection {
    return this.nc;
  }

  /** @internal Whether create/update requests carry `Nats-Required-Api-Level`. */
  sendRequiredApiLevel(): boolean {
    return this.opts.sendRequiredApiLevel === true;
  }

  /**
   * One API call: `data` as JSON (no body when absent), retried with backoff on timeouts and no responders
   * while `retries` lasts, the answer parsed by {@link parseJsResponse}.
   */
  async _request<T = unknown>(subj: string, data: unknown = null, opts: ApiRequestOptions = {}): Promise<T> {
    const { retries: r, minApiVersion, timeout, headers: h } = opts;
    let hdrs = h;
    if (typeof minApiVersion === "number") {
      hdrs = hdrs ?? headers();
      hdrs.set(JsHeaders.RequiredApiLevel, String(minApiVersion));
    }
    const payload = data ? new TextEncoder().encode(JSON.stringify(data)) : Empty;
    let retries = r || 1;
    retries = retries === -1 ? Number.MAX_SAFE_INTEGER : retries;
    const bo = backoff();
    for (let i = 0; ; i++) {
      try {
        const m = await this.nc.request(subj, payload, { timeout: timeout ?? this.timeout, headers: hdrs });
        return this.parseJsResponse<T>(m);
      } catch (err) {
        const re = err instanceof RequestError ? err : null;
        const retriable = err instanceof TimeoutError || re?.isNoResponders() === true;
        if (retriable && i + 1 < retries) {
          await delay(bo.backoff(i));
          continue;
        }
        throw re?.isNoResponders() ? notEnabled(err) : err;
      }
    }
  }

  /** The name of the one stream that stores `subject`; `StreamNotFoundError` (`no stream matches subject`) otherwise. */
  async findStream(subject: string): Promise<string> {
    const r = await this._request<{ streams?: string[] | null }>(streamNamesSubject(this.prefix), { subject });
    if (!r.streams || r.streams.length !== 1) throw StreamNotFoundError.fromMessage("no stream matches subject");
    return r.streams[0]!;
  }

  /** Parses an API answer (see {@link parseJsResponse}). */
  parseJsResponse<T = unknown>(m: Msg): T {
    return parseJsResponse<T>(m);
  }
}
