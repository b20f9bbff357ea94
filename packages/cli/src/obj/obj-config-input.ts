/**
 * The store `object add` creates, from natscli's flags (`--ttl`, `--replicas`, `--max-bucket-size`,
 * `--description`, `--storage`, `--tags`, `--cluster`, `--metadata`, `--compress`), checked before
 * connecting, with natscli's defaults (one replica, file storage, no limits).
 */
import { nanos } from "@nats-stack/core";
import type { StreamConfig } from "@nats-stack/jetstream";
import type { ObjectStoreOptions } from "@nats-stack/jetstream/obj";
import { parseDuration } from "../args/duration";
import { parseWhole } from "../args/numbers";
import { usageError } from "../output/cli-error";
import { checkSameConfig, showBytes, showNanos } from "../jetstream/existing-config";
import { parseChoice, parseSizeLimit } from "../jetstream/js-args";
import { STORAGE } from "../jetstream/stream-config-input";

/** The flags of `object add`. */
export interface ObjAddFlags {
  ttl?: string;
  replicas: string;
  maxBucketSize?: string;
  description?: string;
  storage: string;
  tags?: string[];
  cluster?: string;
  metadata?: string[];
  compress?: boolean;
  json?: boolean;
}

/** The store options for the flags. */
export function objOptions(f: ObjAddFlags): Partial<ObjectStoreOptions> {
  const o: Partial<ObjectStoreOptions> = {
    replicas: parseWhole(f.replicas, "--replicas", 1),
    storage: parseChoice(f.storage, "--storage", STORAGE) as ObjectStoreOptions["storage"],
  };
  if (f.ttl !== undefined) o.ttl = nanos(parseDuration(f.ttl, "--ttl"));
  if (f.maxBucketSize !== undefined) o.max_bytes = parseSizeLimit(f.maxBucketSize, "--max-bucket-size");
  if (f.description !== undefined) o.description = f.description;
  if (f.cluster !== undefined || f.tags?.length) o.placement = { cluster: f.cluster ?? "", tags: f.tags ?? [] };
  if (f.metadata?.length) {
    o.metadata = {};
    for (const m of f.metadata) {
      const i = m.indexOf("=");
      if (i <= 0) throw usageError(`invalid --metadata '${m}'`, "use --metadata key=value");
      o.metadata[m.slice(0, i)] = m.slice(i + 1);
    }
  }
  if (f.compress) o.compression = true;
  return o;
}

/** Fails when the existing store's stream is not what these options would make. */
export function checkSameStore(bucket: string, existing: StreamConfig, o: Partial<ObjectStoreOptions>): void {
  checkSameConfig(
    `object store '${bucket}'`,
    existing,
    [
      { label: "ttl", actual: (c) => c.max_age, wanted: o.ttl ?? 0, show: showNanos },
      { label: "maximum size", actual: (c) => c.max_bytes, wanted: o.max_bytes ?? -1, show: showBytes },
      { label: "storage", actual: (c) => c.storage, wanted: o.storage },
      { label: "replicas", actual: (c) => c.num_replicas, wanted: o.replicas },
      { label: "description", actual: (c) => c.description, wanted: o.description },
    ],
    `\`nats-stack object info ${bucket}\` shows it; \`nats-stack object rm ${bucket} -f\` removes it`,
  );
}
