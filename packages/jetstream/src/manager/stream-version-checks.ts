/**
 * Stream configuration fields an older server would silently drop, refused before the request with nats.js's
 * texts (`stream 'metadata' requires server 2.10.0`), and the minimum API level a configuration needs
 * (mirrors nats-server's `setStaticStreamMetadata`, for `Nats-Required-Api-Level`).
 */
import { InvalidArgumentError, type NatsConnection } from "@nats-stack/core";
import { feature } from "../api/server-features";
import type { StreamConfig, StreamSource } from "../api/stream-config";
import { PersistMode } from "../api/policies";

/** Throws a plain Error naming the first field of `cfg` the server is too old for. */
export function checkStreamConfigVersions(nc: NatsConnection, cfg: Partial<StreamConfig>): void {
  const need = (present: unknown, f: Parameters<typeof feature>[1], field: string) => {
    if (!present) return;
    const { ok, min } = feature(nc, f);
    if (!ok) throw new Error(`stream '${field}' requires server ${min}`);
  };
  need(cfg.metadata, "JS_STREAM_CONSUMER_METADATA", "metadata");
  need(cfg.first_seq, "JS_STREAM_FIRST_SEQ", "first_seq");
  need(cfg.subject_transform, "JS_STREAM_SUBJECT_TRANSFORM", "subject_transform");
  need(cfg.compression, "JS_STREAM_COMPRESSION", "compression");
  need(cfg.consumer_limits, "JS_DEFAULT_CONSUMER_LIMITS", "consumer_limits");
  const source = (context: string, src: StreamSource | undefined) => {
    if ((src?.subject_transforms?.length ?? 0) > 0) {
      const { ok, min } = feature(nc, "JS_STREAM_SOURCE_SUBJECT_TRANSFORM");
      if (!ok) throw new Error(`${context} 'subject_transforms' requires server ${min}`);
    }
  };
  cfg.sources?.forEach((s) => source("stream sources", s));
  if (cfg.mirror) source("stream mirror", cfg.mirror);
}

/** The JetStream API level `cfg` needs (0 for any). */
export function minStreamApi(c: Partial<StreamConfig>): number {
  if (c.allow_batched === true || c.mirror?.consumer || c.sources?.some((s) => s.consumer)) return 4;
  if (c.allow_msg_counter === true || c.allow_atomic === true || c.allow_msg_schedules === true || c.persist_mode === PersistMode.Async) return 2;
  if (c.allow_msg_ttl === true || (typeof c.subject_delete_marker_ttl === "number" && c.subject_delete_marker_ttl > 0)) return 1;
  return 0;
}

/**
 * A source or mirror with a `domain` gets `external: { api: "$JS.<domain>.API" }` instead (the server knows no
 * `domain` field); `domain` and `external` together are refused.
 */
export function convertStreamSourceDomain(s?: StreamSource): StreamSource | undefined {
  if (s === undefined) return undefined;
  const { domain } = s;
  if (domain === undefined) return s;
  const copy = { ...s };
  delete copy.domain;
  if (domain === "") return copy;
  if (copy.external) throw InvalidArgumentError.format(["domain", "external"], "are mutually exclusive");
  copy.external = { api: `$JS.${domain}.API` };
  return copy;
}
