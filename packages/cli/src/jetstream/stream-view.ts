/**
 * Streams for people, laid out as natscli lays them out: `stream info` as columns (configuration, options,
 * limits, cluster, sources, state) and `stream ls` as a table of name, description, created, messages, size
 * and last message.
 */
import type { StreamConfig, StreamInfo, StreamSourceInfo } from "@nats-stack/jetstream";
import { formatBytes } from "../args/byte-size";
import { formatGoDuration } from "../args/duration";
import { Columns } from "../output/columns";
import { renderTable } from "../output/table";
import { isZeroTime, localTime, sinceText } from "../output/time-text";

/** natscli's names of the policy values (`Limits`, `WorkQueue`, `File`, `Old`). */
export const POLICY_NAMES: Record<string, string> = {
  limits: "Limits",
  interest: "Interest",
  workqueue: "WorkQueue",
  file: "File",
  memory: "Memory",
  old: "Old",
  new: "New",
  none: "None",
  all: "All",
  explicit: "Explicit",
  instant: "Instant",
  original: "Original",
};

/** A policy value as natscli names it. */
export function policyName(v: string | undefined): string {
  return v === undefined ? "" : (POLICY_NAMES[v] ?? v);
}

const unlimited = (n: number | undefined, show: (n: number) => string | number) => (n === undefined || n <= 0 ? "unlimited" : show(n));

function configRows(cols: Columns, cfg: StreamConfig): void {
  cols.rowIfSet("Description", cfg.description);
  cols.rowIfSet("Subjects", cfg.subjects ?? []);
  cols.row("Replicas", cfg.num_replicas ?? 1);
  cols.rowIf("Sealed", true, cfg.sealed === true);
  cols.row("Storage", policyName(cfg.storage));
  cols.rowIf("Compression", String(cfg.compression), cfg.compression !== undefined && cfg.compression !== "none");
  cols.rowIf("First Sequence", cfg.first_seq ?? 0, (cfg.first_seq ?? 0) > 0);
  if (cfg.placement) {
    cols.rowIfSet("Placement Cluster", cfg.placement.cluster);
    cols.rowIfSet("Placement Tags", cfg.placement.tags ?? []);
  }

  cols.section("Options");
  if (cfg.subject_transform?.dest) cols.row("Subject Transform", `${cfg.subject_transform.src || ">"} to ${cfg.subject_transform.dest}`);
  if (cfg.republish) cols.row(cfg.republish.headers_only ? "Republishing Headers" : "Republishing", `${cfg.republish.src} to ${cfg.republish.dest}`);
  cols.row("Retention", policyName(cfg.retention));
  cols.row("Acknowledgments", !cfg.no_ack);
  cols.row("Discard Policy", cfg.discard_new_per_subject ? "New Per Subject" : policyName(cfg.discard));
  cols.row("Duplicate Window", formatGoDuration(cfg.duplicate_window ?? 0));
  cols.rowIf("Direct Get", true, cfg.allow_direct === true);
  cols.rowIf("Mirror Direct Get", true, cfg.mirror_direct === true);
  cols.row("Allows Msg Delete", !cfg.deny_delete);
  cols.row("Allows Purge", !cfg.deny_purge);
  cols.row("Allows Rollups", cfg.allow_rollup_hdrs === true);

  cols.section("Limits");
  cols.row("Maximum Messages", unlimited(cfg.max_msgs, (n) => n));
  cols.row("Maximum Per Subject", unlimited(cfg.max_msgs_per_subject, (n) => n));
  cols.row("Maximum Bytes", unlimited(cfg.max_bytes, formatBytes));
  cols.row("Maximum Age", unlimited(cfg.max_age, formatGoDuration));
  cols.row("Maximum Message Size", unlimited(cfg.max_msg_size, formatBytes));
  cols.row("Maximum Consumers", unlimited(cfg.max_consumers, (n) => n));
  const cl = cfg.consumer_limits;
  cols.rowIf("Consumer Inactive Threshold", formatGoDuration(cl?.inactive_threshold ?? 0), (cl?.inactive_threshold ?? 0) > 0);
  cols.rowIf("Consumer Max Ack Pending", cl?.max_ack_pending ?? 0, (cl?.max_ack_pending ?? 0) > 0);

  const meta = Object.entries(cfg.metadata ?? {}).filter(([k]) => !k.startsWith("_nats"));
  if (meta.length) {
    cols.section("Metadata");
    for (const [k, v] of meta) cols.row(k, v);
  }
  if (cfg.mirror || cfg.sources?.length) {
    cols.section("Replication");
    if (cfg.mirror) cols.row("Mirror", cfg.mirror.name);
    (cfg.sources ?? []).forEach((s, i) => cols.row(i === 0 ? "Sources" : "", s.name));
  }
}

function sourceRows(cols: Columns, s: StreamSourceInfo): void {
  cols.row("Stream Name", s.name);
  cols.row("Lag", s.lag);
  cols.row("Last Seen", s.active > 0 ? formatGoDuration(s.active) : "never");
  if (s.error) cols.row("Error", s.error.description);
}

/** `stream info` (or, with `stateOnly`, the state part `stream purge` shows). */
/**
 * The "Cluster Information" section of a stream's info, or of a bucket's (natscli leaves the raft group out
 * there: `withGroup` false); nothing outside a cluster.
 */
export function clusterRows(cols: Columns, cl: StreamInfo["cluster"], withGroup: boolean): void {
  if (!cl?.name) return;
  cols.section("Cluster Information");
  cols.row("Name", cl.name);
  if (withGroup) cols.rowIfSet("Cluster Group", cl.raft_group);
  cols.row("Leader", cl.leader ?? "");
  for (const r of cl.replicas ?? []) cols.row("Replica", [r.name, r.current ? "current" : "outdated", ...(r.offline ? ["OFFLINE"] : [])]);
}

export function renderStreamInfo(si: StreamInfo, stateOnly = false): string {
  const name = si.config.name;
  const cols = new Columns(`${stateOnly ? "State" : "Information"} for Stream ${name} created ${localTime(si.created)}`);
  if (!stateOnly) configRows(cols, si.config);

  clusterRows(cols, si.cluster, true);
  if (si.mirror) {
    cols.section("Mirror Information");
    sourceRows(cols, si.mirror);
  }
  for (const s of si.sources ?? []) {
    cols.section("Source Information");
    sourceRows(cols, s);
  }

  const st = si.state;
  cols.section("State");
  cols.row("Messages", st.messages);
  cols.row("Bytes", formatBytes(st.bytes));
  cols.row("First Sequence", isZeroTime(st.first_ts) ? st.first_seq.toLocaleString("en-US") : `${st.first_seq.toLocaleString("en-US")} @ ${localTime(st.first_ts)}`);
  cols.row("Last Sequence", isZeroTime(st.last_ts) ? st.last_seq.toLocaleString("en-US") : `${st.last_seq.toLocaleString("en-US")} @ ${localTime(st.last_ts)}`);
  const deleted = st.deleted?.length || st.num_deleted || 0;
  cols.rowIf("Deleted Messages", deleted, deleted > 0);
  cols.row("Active Consumers", st.consumer_count);
  cols.rowIf("Number of Subjects", st.num_subjects ?? 0, (st.num_subjects ?? 0) > 0);
  return cols.render();
}

/** `stream ls`: smallest first, as natscli sorts them. */
export function renderStreamTable(infos: StreamInfo[], subject?: string): string {
  const rows = [...infos]
    .sort((a, b) => a.state.bytes - b.state.bytes)
    .map((si) => [
      si.config.name,
      si.config.description ?? "",
      localTime(si.created),
      si.state.messages.toLocaleString("en-US"),
      formatBytes(si.state.bytes),
      sinceText(si.state.last_ts, si.ts),
    ]);
  return renderTable(["Name", "Description", "Created", "Messages", "Size", "Last Message"], rows, [], subject ? `Streams matching ${subject}` : "Streams");
}

/** Streams that natscli hides unless `--all`: the KV, object store and MQTT streams. */
export function isSystemStream(name: string): boolean {
  return name.startsWith("KV_") || name.startsWith("OBJ_") || name.startsWith("$MQTT_");
}

/** Fields of the API's answer around the info itself (the response type, paging of subject lists). */
const ENVELOPE = new Set(["type", "total", "offset", "limit"]);

/**
 * The server's StreamInfo (or ConsumerInfo, or purge answer) as JSON, without the API envelope's fields, as
 * natscli prints it.
 */
export function infoJson(info: object): string {
  return JSON.stringify(Object.fromEntries(Object.entries(info).filter(([k]) => !ENVELOPE.has(k))), null, 2);
}
