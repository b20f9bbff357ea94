/**
 * The bucket `kv add` creates, from natscli's flags (`--history`, `--ttl`, `--replicas`, `--max-value-size`,
 * `--max-bucket-size`, `--description`, `--storage`, `--compress`, `--tags`, `--cluster`, `--republish-*`,
 * `--mirror`, `--mirror-domain`, `--source`), checked before connecting, with natscli's defaults (history 1,
 * one replica, file storage, no limits).
 */
import { checkSubject, nanos } from "@nats-stack/core";
import type { StreamConfig } from "@nats-stack/jetstream";
import { kvPrefix, type KvOptions } from "@nats-stack/jetstream/kv";
import { parseDuration } from "../args/duration";
import { parseWhole } from "../args/numbers";
import { usageError } from "../output/cli-error";
import { checkSameConfig, showBytes, showNanos } from "../jetstream/existing-config";
import { parseChoice, parseSizeLimit } from "../jetstream/js-args";
import { STORAGE } from "../jetstream/stream-config-input";
import { checkBucketName } from "./kv-args";

/** The flags of `kv add`. */
export interface KvAddFlags {
  history: string;
  ttl?: string;
  replicas: string;
  maxValueSize?: string;
  maxBucketSize?: string;
  description?: string;
  storage?: string;
  compress?: boolean;
  tags?: string[];
  cluster?: string;
  republishSource?: string;
  republishDestination?: string;
  republishHeaders?: boolean;
  mirror?: string;
  mirrorDomain?: string;
  source?: string[];
  json?: boolean;
}

/** The largest history a bucket keeps (nats.go: "history limited to a max of 64"). */
const MAX_HISTORY = 64;
/** natscli: "max value size … is too big maximum is 2,147,483,647". */
const MAX_VALUE_SIZE = 2 ** 31 - 1;

/** The bucket options for the flags (checked, before connecting). */
export function kvOptions(f: KvAddFlags): Partial<KvOptions> {
  const history = parseWhole(f.history, "--history", 1);
  if (history > MAX_HISTORY) throw usageError(`--history must be at most ${MAX_HISTORY}, not ${history}`);
  const o: Partial<KvOptions> = {
    history,
    replicas: parseWhole(f.replicas, "--replicas", 1),
    storage: parseChoice(f.storage ?? "file", "--storage", STORAGE) as KvOptions["storage"],
  };
  if (f.ttl !== undefined) o.ttl = parseDuration(f.ttl, "--ttl");
  if (f.maxValueSize !== undefined) {
    o.maxValueSize = parseSizeLimit(f.maxValueSize, "--max-value-size");
    if (o.maxValueSize > MAX_VALUE_SIZE) throw usageError(`--max-value-size ${f.maxValueSize} is too big, the maximum is ${MAX_VALUE_SIZE.toLocaleString("en-US")} bytes`);
  }
  if (f.maxBucketSize !== undefined) o.max_bytes = parseSizeLimit(f.maxBucketSize, "--max-bucket-size");
  if (f.description !== undefined) o.description = f.description;
  if (f.compress) o.compression = true;
  if (f.cluster !== undefined || f.tags?.length) o.placement = { cluster: f.cluster ?? "", tags: f.tags ?? [] };
  if (f.republishSource !== undefined || f.republishDestination !== undefined || f.republishHeaders) {
    if (f.republishDestination === undefined) throw usageError("--republish-source needs --republish-destination");
    const src = f.republishSource ?? ">";
    checkSubject(src, { wildcards: true });
    checkSubject(f.republishDestination, { wildcards: true });
    o.republish = { src, dest: f.republishDestination, headers_only: f.republishHeaders === true };
  }
  if (f.mirrorDomain !== undefined && f.mirror === undefined) throw usageError("--mirror-domain needs --mirror");
  if (f.mirror !== undefined) {
    if (f.source?.length) throw usageError("a bucket is a --mirror or has --source buckets, not both");
    checkBucketName(f.mirror.startsWith(kvPrefix) ? f.mirror.slice(kvPrefix.length) : f.mirror);
    o.mirror = { name: f.mirror, ...(f.mirrorDomain ? { domain: f.mirrorDomain } : {}) };
  }
  if (f.source?.length) {
    o.sources = f.source.map((name) => {
      checkBucketName(name.startsWith(kvPrefix) ? name.slice(kvPrefix.length) : name);
      return { name };
    });
  }
  return o;
}

/** Fails when the existing bucket's stream is not what these options would make. */
export function checkSameBucket(bucket: string, existing: StreamConfig, o: Partial<KvOptions>): void {
  checkSameConfig(
    `bucket '${bucket}'`,
    existing,
    [
      { label: "history", actual: (c) => c.max_msgs_per_subject, wanted: o.history },
      { label: "ttl", actual: (c) => c.max_age, wanted: o.ttl ? nanos(o.ttl) : 0, show: showNanos },
      { label: "maximum bucket size", actual: (c) => c.max_bytes, wanted: o.max_bytes ?? -1, show: showBytes },
      { label: "maximum value size", actual: (c) => c.max_msg_size, wanted: o.maxValueSize ?? -1, show: showBytes },
      { label: "storage", actual: (c) => c.storage, wanted: o.storage },
      { label: "replicas", actual: (c) => c.num_replicas, wanted: o.replicas },
      { label: "description", actual: (c) => c.description, wanted: o.description },
    ],
    `\`nats-stack kv info ${bucket}\` shows it; \`nats-stack kv rm ${bucket} -f\` removes it`,
  );
}
