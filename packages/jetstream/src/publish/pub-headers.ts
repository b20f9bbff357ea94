/**
 * The headers of a JetStream publish: deduplication id, expectations, TTL and schedules, as nats.js builds
 * them. Options an older server would ignore (and so silently not enforce) are refused first.
 */
import { headers, type MsgHdrs, type NatsConnection } from "@nats-stack/core";
import { PubHeaders } from "../api/headers";
import { feature, type FeatureName } from "../api/server-features";
import type { JetStreamPublishOptions, ScheduleSpec } from "../client/client-api";

function need(nc: NatsConnection, f: FeatureName, what: string): void {
  const { ok, min } = feature(nc, f);
  if (!ok) throw new Error(`${what} requires server ${min}`);
}

/**
 * The headers for `opts`, or undefined when the publish needs none (so it goes out as a plain PUB). The
 * caller's `opts.headers` object is used (and added to), as nats.js does.
 */
export function buildPublishHeaders(nc: NatsConnection, opts: Partial<JetStreamPublishOptions>): MsgHdrs | undefined {
  const expect = opts.expect || {};
  let mh = opts.headers;
  const h = () => (mh ??= headers());
  if (opts.msgID) h().set(PubHeaders.MsgIdHdr, opts.msgID);
  if (expect.lastMsgID) h().set(PubHeaders.ExpectedLastMsgIdHdr, expect.lastMsgID);
  if (expect.streamName) h().set(PubHeaders.ExpectedStreamHdr, expect.streamName);
  if (typeof expect.lastSequence === "number") h().set(PubHeaders.ExpectedLastSeqHdr, `${expect.lastSequence}`);
  if (typeof expect.lastSubjectSequence === "number") h().set(PubHeaders.ExpectedLastSubjectSequenceHdr, `${expect.lastSubjectSequence}`);
  if (expect.lastSubjectSequenceSubject) {
    need(nc, "JS_EXPECT_LAST_SUBJECT_SEQUENCE_SUBJECT", "expect 'lastSubjectSequenceSubject'");
    h().set(PubHeaders.ExpectedLastSubjectSequenceSubjectHdr, expect.lastSubjectSequenceSubject);
  }
  if (opts.ttl) {
    need(nc, "JS_MSG_TTL", "publish 'ttl'");
    h().set(PubHeaders.MessageTTL, `${opts.ttl}`);
  }
  if (opts.schedule && opts.cancelSchedule) throw new Error("schedule and cancelSchedule are mutually exclusive");
  if (opts.schedule) {
    need(nc, "JS_MSG_SCHEDULES", "publish 'schedule'");
    const so = opts.schedule;
    if (so.specification) h().set(PubHeaders.Schedule, scheduleSpecToHeader(so.specification));
    if (so.target) h().set(PubHeaders.ScheduleTarget, so.target);
    if (so.source) h().set(PubHeaders.ScheduleSource, so.source);
    if (so.ttl) h().set(PubHeaders.ScheduleTTL, so.ttl);
    if (so.timezone) h().set(PubHeaders.ScheduleTimeZone, so.timezone);
    if (so.rollup) h().set(PubHeaders.ScheduleRollup, so.rollup);
  }
  if (opts.cancelSchedule) {
    need(nc, "JS_MSG_SCHEDULES", "publish 'cancelSchedule'");
    h().set(PubHeaders.Scheduler, opts.cancelSchedule.scheduleSubject);
    h().set(PubHeaders.ScheduleNext, "purge");
  }
  return mh;
}

/** The `Nats-Schedule` value of a schedule specification. */
export function scheduleSpecToHeader(spec: string | Date | ScheduleSpec): string {
  if (typeof spec === "string") return spec;
  if (spec instanceof Date) return `@at ${spec.toISOString()}`;
  if ("at" in spec) return `@at ${spec.at instanceof Date ? spec.at.toISOString() : spec.at}`;
  if ("every" in spec) {
    assertEveryAtLeastOneSecond(spec.every);
    return `@every ${spec.every}`;
  }
  if ("cron" in spec) return spec.cron;
  if ("predefined" in spec) return spec.predefined;
  throw new Error("invalid schedule specification");
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

// `@every` takes a Go duration of at least one second.
function assertEveryAtLeastOneSecond(d: string): void {
  const trimmed = d.trim();
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  let total = 0;
  let pos = 0;
  for (let m = re.exec(trimmed); m !== null; m = re.exec(trimmed)) {
    if (m.index !== pos) break;
    pos += m[0].length;
    total += parseFloat(m[1]!) * UNIT_MS[m[2]!]!;
  }
  if (trimmed === "" || pos !== trimmed.length) throw new Error(`@every: unrecognized duration format: "${d}"`);
  if (total < 1000) throw new Error("@every interval must be at least 1s");
}
