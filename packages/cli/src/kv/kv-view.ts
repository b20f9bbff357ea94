/**
 * Buckets and entries as natscli shows them: `kv info` (`Information for Key-Value Store Bucket cfg created
 * …`, a Configuration section), `kv ls` (a titled table of buckets, or the keys), `kv get` (`cfg > color
 * revision: 1 created @ …`, then the value), `kv history` (a table of revisions), `kv watch` (`[time] PUT cfg
 * > color: blue`); and the JSON forms `--json` prints.
 */
import type { StreamInfo } from "@nats-stack/jetstream";
import { kvPrefix, type KvEntry, type KvStatus } from "@nats-stack/jetstream/kv";
import { formatBytes } from "../args/byte-size";
import { formatGoDuration } from "../args/duration";
import { out as c } from "../output/colors";
import { Columns } from "../output/columns";
import { renderTable } from "../output/table";
import { localTime, rfc3339Local, rfc822, sinceText } from "../output/time-text";
import { base64IfNotPrintable, shortValue, valueJson } from "../output/value-text";
import { clusterRows, policyName } from "../jetstream/stream-view";

/** natscli's words for an entry's operation (`DELETE` where the header says `DEL`). */
export function opName(op: KvEntry["operation"]): string {
  return op === "DEL" ? "DELETE" : op;
}

const limit = (n: number | undefined, show: (n: number) => string) => (n === undefined || n <= 0 ? "unlimited" : show(n));
const bucketOf = (stream: string) => (stream.startsWith(kvPrefix) ? stream.slice(kvPrefix.length) : stream);

/** `kv info` (and what `kv add` shows). */
export function renderKvStatus(st: KvStatus): string {
  const si = st.streamInfo;
  const cfg = si.config;
  const cols = new Columns(`Information for Key-Value Store Bucket ${st.bucket} created ${rfc3339Local(si.created)}`);
  cols.section("Configuration");
  cols.row("Bucket Name", st.bucket);
  cols.row("History Kept", st.history);
  cols.row("Values Stored", st.values);
  cols.row("Compressed", st.compression === true);
  cols.row("Backing Store Kind", "JetStream");
  cols.rowIfSet("Description", cfg.description);
  cols.row("Bucket Size", formatBytes(si.state.bytes));
  cols.row("Maximum Bucket Size", limit(cfg.max_bytes, formatBytes));
  cols.row("Maximum Value Size", limit(cfg.max_msg_size, formatBytes));
  cols.row("Maximum Age", limit(cfg.max_age, formatGoDuration));
  cols.row("JetStream Stream", cfg.name);
  cols.row("Storage", policyName(cfg.storage));
  if (cfg.republish) cols.row(cfg.republish.headers_only ? "Republishing Headers" : "Republishing", `${cfg.republish.src} to ${cfg.republish.dest}`);
  if (si.mirror && cfg.mirror) {
    cols.section("Mirror Information");
    cols.row("Origin Bucket", bucketOf(cfg.mirror.name));
    if (cfg.mirror.external) cols.row("External API", cfg.mirror.external.api);
    cols.row("Last Seen", si.mirror.active > 0 ? formatGoDuration(si.mirror.active) : "never");
    cols.row("Lag", si.mirror.lag);
  }
  if (si.sources?.length) {
    cols.section("Sources Information");
    for (const s of si.sources) {
      cols.row("Source Bucket", bucketOf(s.name));
      const ext = cfg.sources?.find((x) => x.name === s.name)?.external;
      if (ext) cols.row("External API", ext.api);
      cols.row("Last Seen", s.active > 0 ? formatGoDuration(s.active) : "never");
      cols.row("Lag", s.lag);
    }
  }
  clusterRows(cols, si.cluster, false);
  return cols.render();
}

/** `kv info --json`: the bucket's settings and state, with its stream's info. */
export function kvStatusJson(st: KvStatus): object {
  const si: StreamInfo = st.streamInfo;
  return {
    bucket: st.bucket,
    description: si.config.description ?? "",
    values: st.values,
    history: st.history,
    ttl: si.config.max_age,
    max_bytes: si.config.max_bytes,
    max_value_size: si.config.max_msg_size,
    storage: si.config.storage,
    replicas: si.config.num_replicas,
    size: si.state.bytes,
    compressed: st.compression === true,
    stream: si.config.name,
    created: si.created,
    stream_info: si,
  };
}

/** `kv ls`: natscli's table of buckets, smallest first. */
export function renderBucketTable(list: KvStatus[]): string {
  const rows = [...list]
    .sort((a, b) => a.size - b.size)
    .map((st) => [st.bucket, st.description, localTime(st.streamInfo.created), formatBytes(st.size), st.values.toLocaleString("en-US"), sinceText(st.streamInfo.state.last_ts)]);
  return renderTable(["Bucket", "Description", "Created", "Size", "Values", "Last Update"], rows, [], "Key-Value Buckets");
}

/** `kv ls BUCKET -v`: natscli's table of the keys' last entries. */
export function renderKeyTable(bucket: string, entries: KvEntry[], withValue: boolean): string {
  const head = ["Key", "Created", "Delta", "Revision", ...(withValue ? ["Value"] : [])];
  const rows = entries.map((e) => [e.key, localTime(e.created), e.delta ?? 0, e.revision, ...(withValue ? [base64IfNotPrintable(e.value)] : [])]);
  return renderTable(head, rows, [], `Contents for bucket '${bucket}'`);
}

/** `kv get`, pretty: natscli shows the first 120 characters and says so. */
export function entryText(e: KvEntry): string {
  const head = c.bold(`${e.bucket} > ${e.key} revision: ${e.revision} created @ ${rfc822(e.created)}`);
  const v = base64IfNotPrintable(e.value);
  const body = v.length > 120 ? `Showing first 120 bytes of ${v.length.toLocaleString("en-US")}, use --raw for full data\n\n${v.slice(0, 120)}` : v;
  return `${head}\n\n${body}\n\n`;
}

/** An entry as JSON (`kv get --json`, `kv history --json`, `kv watch --json`). */
export function entryJson(e: KvEntry): object {
  return {
    bucket: e.bucket,
    key: e.key,
    revision: e.revision,
    operation: e.operation,
    created: e.created.toISOString(),
    ...(e.delta !== undefined ? { delta: e.delta } : {}),
    length: e.length,
    ...valueJson(e.value),
  };
}

/** `kv history`: natscli's table of every revision. */
export function renderHistoryTable(bucket: string, key: string, entries: KvEntry[]): string {
  const rows = entries.map((e) => [e.key, e.revision, opName(e.operation), localTime(e.created), e.value.length.toLocaleString("en-US"), shortValue(e.value)]);
  return renderTable(["Key", "Revision", "Op", "Created", "Length", "Value"], rows, [], `History for ${bucket} > ${key}`);
}

/** One `kv watch` line. */
export function watchLine(e: KvEntry): string {
  const when = `[${localTime(e.created)}]`;
  if (e.operation === "PUT") return `${when} ${c.green("PUT")} ${e.bucket} > ${e.key}: ${base64IfNotPrintable(e.value)}`;
  return `${when} ${c.red(opName(e.operation))} ${e.bucket} > ${e.key}`;
}
