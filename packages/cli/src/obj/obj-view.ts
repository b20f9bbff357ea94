/**
 * Object stores and objects as natscli shows them: `object info` of a store (`Information for Object Store
 * Bucket files created …`, a Configuration section) or of an object (`Object information for files >
 * report.pdf`, the digest as `SHA-256 <hex>`), `object ls` (a titled table of stores, or of a store's
 * contents), `object watch` lines; and the JSON forms `--json` prints.
 */
import type { ObjectInfo, ObjectStoreStatus } from "@nats-stack/jetstream/obj";
import { formatBytes } from "../args/byte-size";
import { formatGoDuration } from "../args/duration";
import { out as c } from "../output/colors";
import { Columns } from "../output/columns";
import { headersObject } from "../output/message-print";
import { renderTable } from "../output/table";
import { localTime, rfc3339Local, sinceText } from "../output/time-text";
import { clusterRows, policyName } from "../jetstream/stream-view";

/**
 * An object's headers as a record: `info()` gives `MsgHdrs`, while `list()` and `watch()` give the stored JSON
 * (a record), as nats.js's do.
 */
function headerRecord(h: ObjectInfo["headers"] | Record<string, string[]> | undefined): Record<string, string[]> | undefined {
  if (!h) return undefined;
  if (typeof (h as { keys?: unknown }).keys === "function") return headersObject(h as ObjectInfo["headers"]);
  const r = h as Record<string, string[]>;
  return Object.keys(r).length ? r : undefined;
}

/** `SHA-256=<base64url>` as natscli prints it: `SHA-256 <hex>`. */
export function digestText(digest: string): string {
  const i = digest.indexOf("=");
  if (i < 0) return digest;
  const hex = Buffer.from(digest.slice(i + 1), "base64url").toString("hex");
  return `${digest.slice(0, i)} ${hex}`;
}

/** An RFC 3339 time in UTC to the second (`2024-01-12T10:10:04Z`), as Go prints a stored UTC time. */
function utcSeconds(iso: string): string {
  const d = new Date(iso);
  return Number.isFinite(d.getTime()) ? d.toISOString().replace(/\.\d+Z$/, "Z") : iso;
}

/** `object info STORE` (and what `add`, `seal` and `del` show). */
export function renderStoreStatus(st: ObjectStoreStatus): string {
  const si = st.streamInfo;
  const cols = new Columns(`Information for Object Store Bucket ${st.bucket} created ${rfc3339Local(si.created)}`);
  cols.section("Configuration");
  cols.row("Bucket Name", st.bucket);
  cols.rowIfSet("Description", st.description);
  cols.row("Replicas", st.replicas);
  cols.row("TTL", st.ttl > 0 ? formatGoDuration(st.ttl) : "unlimited");
  cols.row("Sealed", st.sealed === true);
  cols.row("Size", formatBytes(st.size));
  cols.row("Maximum Bucket Size", si.config.max_bytes > 0 ? formatBytes(si.config.max_bytes) : "unlimited");
  cols.row("Storage", policyName(st.storage));
  cols.row("Backing Store Kind", st.backingStore);
  cols.row("JetStream Stream", si.config.name);
  const meta = Object.entries(st.metadata ?? {}).filter(([k]) => !k.startsWith("_nats"));
  if (meta.length) cols.row("Metadata", meta.map(([k, v]) => `${k}: ${v}`));
  clusterRows(cols, si.cluster, false);
  return cols.render();
}

/** `object info STORE --json`. */
export function storeStatusJson(st: ObjectStoreStatus): object {
  const si = st.streamInfo;
  return {
    bucket: st.bucket,
    description: st.description,
    ttl: st.ttl,
    storage: st.storage,
    replicas: st.replicas,
    sealed: st.sealed === true,
    size: st.size,
    max_bytes: si.config.max_bytes,
    compressed: st.compression === true,
    ...(st.metadata ? { metadata: st.metadata } : {}),
    stream: si.config.name,
    created: si.created,
    stream_info: si,
  };
}

/** `object info STORE NAME` (and what `put` shows). */
export function renderObjectInfo(oi: ObjectInfo): string {
  const cols = new Columns(`Object information for ${oi.bucket} > ${oi.name}`);
  cols.rowIfSet("Description", oi.description);
  cols.row("Size", formatBytes(oi.size));
  cols.row("Modification Time", localTime(oi.mtime));
  cols.row("Chunks", oi.chunks);
  cols.row("Digest", digestText(oi.digest));
  cols.rowIf("Deleted", true, oi.deleted === true);
  if (oi.options?.link) cols.row("Link", `${oi.options.link.bucket}${oi.options.link.name ? ` > ${oi.options.link.name}` : ""}`);
  const h = headerRecord(oi.headers);
  if (h) cols.row("Headers", Object.entries(h).flatMap(([k, vs]) => vs.map((v) => `${k}: ${v}`)));
  const meta = Object.entries(oi.metadata ?? {});
  if (meta.length) cols.row("Metadata", meta.map(([k, v]) => `${k}: ${v}`));
  return cols.render();
}

/** An object's info as JSON (`object info --json`, `object ls STORE --json`, `object put --json`). */
export function objectInfoJson(oi: ObjectInfo): object {
  const h = headerRecord(oi.headers);
  return {
    bucket: oi.bucket,
    name: oi.name,
    ...(oi.description ? { description: oi.description } : {}),
    nuid: oi.nuid,
    size: oi.size,
    chunks: oi.chunks,
    digest: oi.digest,
    deleted: oi.deleted === true,
    mtime: oi.mtime,
    ...(oi.revision !== undefined ? { revision: oi.revision } : {}),
    ...(h ? { headers: h } : {}),
    ...(oi.metadata && Object.keys(oi.metadata).length ? { metadata: oi.metadata } : {}),
    ...(oi.options ? { options: oi.options } : {}),
  };
}

/** `object ls`: natscli's table of stores, smallest first. */
export function renderStoreTable(list: ObjectStoreStatus[]): string {
  const rows = [...list]
    .sort((a, b) => a.size - b.size)
    .map((st) => [st.bucket, st.description, localTime(st.streamInfo.created), formatBytes(st.size), sinceText(st.streamInfo.state.last_ts)]);
  return renderTable(["Bucket", "Description", "Created", "Size", "Last Update"], rows, [], "Object Store Buckets");
}

/** `object ls STORE`: natscli's table of the objects. */
export function renderContentsTable(infos: ObjectInfo[]): string {
  return renderTable(["Name", "Size", "Time"], infos.map((oi) => [oi.name, formatBytes(oi.size), utcSeconds(oi.mtime)]), [], "Bucket Contents");
}

/** One `object watch` line. */
export function objectWatchLine(oi: ObjectInfo): string {
  const when = `[${localTime(oi.mtime)}]`;
  if (oi.deleted) return `${when} ${c.red("DEL")} ${oi.bucket} > ${oi.name}`;
  return `${when} ${c.green("PUT")} ${oi.bucket} > ${oi.name}: ${formatBytes(oi.size)} bytes in ${oi.chunks.toLocaleString("en-US")} chunks`;
}
