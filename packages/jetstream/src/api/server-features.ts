/**
 * Which server version a JetStream feature needs (nats.js's feature table), read against the version the
 * connected server announced in its INFO. A field the server cannot honour is refused by the client with
 * nats.js's text instead of being silently dropped by an older server.
 */
import { compare, parseSemVer, type NatsConnection, type SemVer } from "@nats-stack/core";

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

// The last version string read and its parse (a connection's server changes rarely: on a reconnect at most).
let lastVersion = "";
let lastParsed: SemVer | undefined;

/** The connected server's version, or undefined when unknown (no INFO yet) or unparsable. */
function serverVersion(nc: NatsConnection): SemVer | undefined {
  const v = nc.info?.version;
  if (typeof v !== "string") return undefined;
  if (v !== lastVersion) {
    lastVersion = v;
    try {
      lastParsed = parseSemVer(v.trim());
    } catch {
      lastParsed = undefined;
    }
  }
  return lastParsed;
}

/**
 * Whether the connected server is at least `min` (`2.7.2`). A server whose version is unknown (no INFO yet) or
 * unparsable is given the benefit of the doubt: the server then decides.
 */
export function serverAtLeast(nc: NatsConnection, min: string): boolean {
  const v = serverVersion(nc);
  return v === undefined || compare(v, parseSemVer(min)) >= 0;
}

/** Whether the server `nc` is connected to has `f` (see {@link serverAtLeast} for an unknown version). */
export function feature(nc: NatsConnection, f: FeatureName): FeatureVersion {
  const min = Feature[f];
  return { ok: serverAtLeast(nc, min), min };
}
