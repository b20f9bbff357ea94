/**
 * The `kv` verbs that read: `get` (the last value, or `--revision`; `--raw` writes the bytes alone), `history`,
 * `watch` (until Ctrl-C), `ls` (the buckets, or a bucket's keys), `keys` and `info`. `--json` on each.
 */
import type { Command } from "commander";
import { KvStatusImpl, KvWatchInclude, Kvm, type KvEntry, type KvStatus, type KvWatchOptions } from "@nats-stack/jetstream/kv";
import { parseWhole } from "../args/numbers";
import { globalOptions } from "../connection/global-options";
import { CliError, CliErrorCode, usageError } from "../output/cli-error";
import { onInterrupt } from "../output/interrupt";
import { print } from "../output/log";
import { withJetStream } from "../jetstream/js-session";
import { storeCall } from "../jetstream/store-errors";
import { checkBucketName, checkKey, checkKeyFilter } from "./kv-args";
import { bucketInfo, openBucket, type OpenBucket } from "./kv-session";
import { entryJson, entryText, kvStatusJson, renderBucketTable, renderHistoryTable, renderKeyTable, renderKvStatus, watchLine } from "./kv-view";

/** The one line for a key without a value (or without the asked revision). */
export function keyNotFound(bucket: string, key: string, hint?: string): CliError {
  return new CliError(CliErrorCode.JetStream, `key '${key}' not found in bucket '${bucket}'`, { hint });
}

/** Every stored revision of `key` (or of the keys a filter matches), oldest first. */
export async function readHistory(b: OpenBucket, key: string): Promise<KvEntry[]> {
  const out: KvEntry[] = [];
  await storeCall(b.ctx(`read the history of ${b.bucket} > ${key}`), async () => {
    for await (const e of await b.kv.history({ key })) out.push(e);
  });
  return out;
}

/** The keys that hold a value, sorted. */
async function readKeys(b: OpenBucket, filters: string[]): Promise<string[]> {
  const keys: string[] = [];
  await storeCall(b.ctx("list the keys"), async () => {
    for await (const k of await b.kv.keys(filters.length ? filters : ">")) keys.push(k);
  });
  return keys.sort();
}

interface GetFlags {
  revision?: string;
  raw?: boolean;
  json?: boolean;
}

/** `kv get BUCKET KEY`. */
export async function kvGet(bucket: string, key: string, flags: GetFlags, cmd: Command): Promise<void> {
  checkBucketName(bucket);
  checkKey(key);
  const revision = flags.revision !== undefined ? parseWhole(flags.revision, "--revision", 1) : undefined;
  if (flags.raw && flags.json) throw usageError("--raw and --json cannot be used together");
  await withJetStream(globalOptions(cmd), async (s) => {
    const b = await openBucket(s, bucket);
    const e = await storeCall(b.ctx(`get key ${bucket} > ${key}`), () => b.kv.get(key, revision !== undefined ? { revision } : undefined));
    if (!e) throw keyNotFound(bucket, key, revision !== undefined ? `it has no revision ${revision}` : undefined);
    // nats.go reports a key whose entry is a delete or purge marker as not found, and so does natscli.
    if (e.operation !== "PUT") throw keyNotFound(bucket, key, `${revision !== undefined ? "that revision is a" : "its last entry is a"} ${e.operation === "DEL" ? "delete" : "purge"} at revision ${e.revision}; \`nats-stack kv history ${bucket} ${key}\` shows its history`);
    if (flags.raw) process.stdout.write(e.value);
    else print(flags.json ? JSON.stringify(entryJson(e), null, 2) : entryText(e));
  });
}

/** `kv history BUCKET KEY`. */
export async function kvHistory(bucket: string, key: string, flags: { json?: boolean }, cmd: Command): Promise<void> {
  checkBucketName(bucket);
  checkKeyFilter(key);
  await withJetStream(globalOptions(cmd), async (s) => {
    const b = await openBucket(s, bucket);
    const entries = await readHistory(b, key);
    if (entries.length === 0) throw keyNotFound(bucket, key);
    print(flags.json ? JSON.stringify(entries.map(entryJson), null, 2) : renderHistoryTable(bucket, key, entries));
  });
}

interface WatchFlags {
  history?: boolean;
  deletes: boolean;
  updates?: boolean;
  revision?: string;
  json?: boolean;
}

/** `kv watch BUCKET [KEY]`: prints each entry as it comes, until Ctrl-C. */
export async function kvWatch(bucket: string, key: string, flags: WatchFlags, cmd: Command): Promise<void> {
  checkBucketName(bucket);
  checkKeyFilter(key);
  if (flags.history && flags.updates) throw usageError("--history and --updates cannot be used together");
  const opts: KvWatchOptions = { key, ignoreDeletes: !flags.deletes };
  if (flags.history) opts.include = KvWatchInclude.AllHistory;
  if (flags.updates) opts.include = KvWatchInclude.UpdatesOnly;
  if (flags.revision !== undefined) opts.resumeFromRevision = parseWhole(flags.revision, "--revision", 1);
  await withJetStream(globalOptions(cmd), async (s) => {
    const b = await openBucket(s, bucket);
    const ctx = b.ctx(`watch ${bucket} > ${key}`);
    const it = await storeCall(ctx, () => b.kv.watch(opts));
    const interrupt = onInterrupt();
    void interrupt.signal.then(() => it.stop());
    try {
      await storeCall(ctx, async () => {
        for await (const e of it) print(flags.json ? JSON.stringify(entryJson(e)) : watchLine(e));
      });
    } finally {
      interrupt.dispose();
    }
  });
}

interface LsFlags {
  names?: boolean;
  verbose?: boolean;
  displayValue?: boolean;
  json?: boolean;
}

/** `kv ls [BUCKET]`: the buckets, or the keys of one. */
export async function kvLs(bucket: string | undefined, flags: LsFlags, cmd: Command): Promise<void> {
  if (bucket !== undefined) return listKeys(bucket, [], flags, cmd);
  await withJetStream(globalOptions(cmd), async (s) => {
    const list: KvStatus[] = [];
    await storeCall({ kind: "kv", action: "list the buckets", server: s.server }, async () => {
      for await (const st of new Kvm(s.js).list()) list.push(st);
    });
    if (flags.json) return print(JSON.stringify(list.map((st) => st.bucket).sort(), null, 2));
    if (list.length === 0) return print("No Key-Value buckets found");
    if (flags.names) return print(list.map((st) => st.bucket).join("\n"));
    print(renderBucketTable(list));
  });
}

/** `kv keys BUCKET [FILTER...]` (and `kv ls BUCKET`): the keys that hold a value. */
export async function listKeys(bucket: string, filters: string[], flags: LsFlags, cmd: Command): Promise<void> {
  checkBucketName(bucket);
  for (const f of filters) checkKeyFilter(f);
  await withJetStream(globalOptions(cmd), async (s) => {
    const b = await openBucket(s, bucket);
    const keys = await readKeys(b, filters);
    if (!flags.verbose) {
      if (flags.json) return print(JSON.stringify(keys, null, 2));
      return print(keys.length ? keys.join("\n") : "No keys found in bucket");
    }
    const entries: KvEntry[] = [];
    for (const k of keys) {
      const e = await storeCall(b.ctx(`get key ${bucket} > ${k}`), () => b.kv.get(k));
      // A key deleted since it was listed is left out.
      if (e && e.operation === "PUT") entries.push(e);
    }
    if (flags.json) return print(JSON.stringify(entries.map(entryJson), null, 2));
    print(entries.length ? renderKeyTable(bucket, entries, flags.displayValue === true) : "No keys found in bucket");
  });
}

/** `kv info BUCKET` (`status`, `view`). */
export async function kvInfo(bucket: string, flags: { json?: boolean }, cmd: Command): Promise<void> {
  checkBucketName(bucket);
  await withJetStream(globalOptions(cmd), async (s) => {
    const st = new KvStatusImpl(await bucketInfo(s, bucket), s.nc.info?.cluster ?? "");
    print(flags.json ? JSON.stringify(kvStatusJson(st), null, 2) : renderKvStatus(st));
  });
}
