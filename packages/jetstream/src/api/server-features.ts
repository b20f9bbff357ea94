/**
 * Which server version a JetStream feature needs (nats.js's feature table), read against the version the
 * connected server announced in its INFO. A field the server cannot honour is refused by the client with
 * nats.js's text instead of being silently dropped by an older server.
 */
import type { NatsConnection } from "@nats-stack/core";

/** JetStream features that depend on the server version, with the version that brought each. */
export const Feature = {
  JS_KV: "2.6.2",
  JS_OBJECTSTORE: "2.6.3",
  JS_PULL_MAX_BYTES: "2.8.3",
  JS_NEW_CONSUMER_CREATE_API: "2.9.0",
  JS_ALLOW_DIRECT: "2.9.0",
  JS_MULTIPLE_CONSUMER_FILTER: "2.10.0",
  JS_SIMPLIFICATION: "2.9.4",
  JS_STREAM_CONSUMER_METADATA: "2.10.0",
  JS_CONSUMER_FILTER_SUBJECTS: "2.10.0",
  JS_STREAM_FIRST_SEQ: "2.10.0",
  JS_STREAM_SUBJECT_TRANSFORM: "2.10.0",
  JS_STREAM_SOURCE_SUBJECT_TRANSFORM: "2.10.0",
  JS_STREAM_COMPRESSION: "2.10.0",
  JS_DEFAULT_CONSUMER_LIMITS: "2.10.0",
  JS_BATCH_DIRECT_GET: "2.11.0",
  JS_PRIORITY_GROUPS: "2.11.0",
  JS_CONSUMER_RESET: "2.14.0",
  // Ours (nats.js does not check these; an older server ignores them silently):
  /** Pausing consumers. */
  JS_CONSUMER_PAUSE: "2.11.0",
  /** Per-message TTLs (`Nats-TTL`). */
  JS_MSG_TTL: "2.11.0",
  /** `Nats-Expected-Last-Subject-Sequence-Subject`. */
  JS_EXPECT_LAST_SUBJECT_SEQUENCE_SUBJECT: "2.11.0",
  /** Message schedules (`Nats-Schedule`). */
  JS_MSG_SCHEDULES: "2.12.0",
  /** Atomic batch publish (`Nats-Batch-Id`). */
  JS_ATOMIC_BATCH: "2.12.0",
} as const;
/** A key of {@link Feature}. */
export type FeatureName = keyof typeof Feature;

/** Whether the server has a feature, and the version that brought it. */
export interface FeatureVersion {
  ok: boolean;
  min: string;
}

/** `major.minor.patch` of a version string (`2.9.10`, `v2.10.0-beta.1`); NaN parts when unparsable. */
export function parseSemver(v: string): [number, number, number] {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v.trim());
  if (!m) return [NaN, NaN, NaN];
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** -1, 0 or 1 as `a` is older than, the same as or newer than `b` (pre-release tags are ignored). */
export function compareSemver(a: string, b: string): number {
  const x = parseSemver(a);
  const y = parseSemver(b);
  for (let i = 0; i < 3; i++) {
    if (x[i]! < y[i]!) return -1;
    if (x[i]! > y[i]!) return 1;
  }
  return 0;
}

/**
 * Whether the server `nc` is connected to has `f`. A server whose version is unknown (no INFO yet) or
 * unparsable is given the benefit of the doubt: the server then decides.
 */
export function feature(nc: NatsConnection, f: FeatureName): FeatureVersion {
  const min = Feature[f];
  const v = nc.info?.version;
  if (typeof v !== "string" || Number.isNaN(parseSemver(v)[0])) return { ok: true, min };
  return { ok: compareSemver(v, min) >= 0, min };
}
