/**
 * The `kv` verbs that change something: `add` (a bucket, or the same one again), `put`, `create` (only a new
 * or deleted key), `update` (compare-and-set on a revision), `del` (a key, or with no key the whole bucket),
 * `purge` (a key's history), `compact` (delete markers) and `revert` (an old revision put back). Names and
 * values are checked before connecting; destructive ones ask first unless `-f`.
 */
import type { Command } from "commander";
import { StreamNotFoundError, type StreamInfo } from "@nats-stack/jetstream";
import { Kvm, type KV } from "@nats-stack/jetstream/kv";
import { parseWhole } from "../args/numbers";
import { valueOrStdin } from "../args/stdin-body";
import { globalOptions } from "../connection/global-options";
import { CliError, CliErrorCode } from "../output/cli-error";
import { log, print } from "../output/log";
import { Prompter } from "../output/prompt";
import { shortValue } from "../output/value-text";
import { withJetStream, type JsSession } from "../jetstream/js-session";
import { storeCall, storeFailure } from "../jetstream/store-errors";
import { checkBucketName, checkKey } from "./kv-args";
import { checkSameBucket, kvOptions, type KvAddFlags } from "./kv-config-input";
import { keyNotFound, readHistory } from "./kv-read";
import { openBucket, type OpenBucket } from "./kv-session";
import { kvStatusJson, renderHistoryTable, renderKvStatus } from "./kv-view";

/** `kv add BUCKET`: creates the bucket and shows it; an existing one with the same settings is shown as it is. */
export async function kvAdd(bucket: string, flags: KvAddFlags, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  checkBucketName(bucket);
  const opts = kvOptions(flags);
  await withJetStream(g, async (s) => {
    const ctx = { kind: "kv" as const, action: `create bucket '${bucket}'`, server: s.server };
    let existing: StreamInfo | undefined;
    try {
      existing = await s.jsm.streams.info(`KV_${bucket}`);
    } catch (e) {
      if (!(e instanceof StreamNotFoundError)) throw storeFailure(e, ctx);
    }
    if (existing) checkSameBucket(bucket, existing.config, opts);
    const kv = await storeCall(ctx, () => new Kvm(s.js).create(bucket, opts));
    const st = await storeCall(ctx, () => kv.status());
    if (flags.json) return print(JSON.stringify(kvStatusJson(st), null, 2));
    if (!existing) log(`Bucket ${bucket} was created`);
    print(renderKvStatus(st));
  });
}

/** Runs `fn` on an existing bucket. */
async function onBucket(cmd: Command, bucket: string, fn: (b: OpenBucket, s: JsSession) => Promise<void>): Promise<void> {
  await withJetStream(globalOptions(cmd), async (s) => fn(await openBucket(s, bucket), s));
}

type Write = (kv: KV, key: string, value: Uint8Array) => Promise<number>;

/** `put`, `create` and `update`: store the value, print it back as natscli does (the argument; nothing for stdin). */
async function write(what: string, bucket: string, key: string, value: string | undefined, cmd: Command, op: Write): Promise<void> {
  checkBucketName(bucket);
  checkKey(key);
  const data = await valueOrStdin(value);
  await onBucket(cmd, bucket, async (b) => {
    await storeCall(b.ctx(`${what} key ${bucket} > ${key}`), () => op(b.kv, key, data));
    if (value !== undefined && value !== "") print(value);
  });
}

/** `kv put BUCKET KEY [VALUE]`. */
export function kvPut(bucket: string, key: string, value: string | undefined, _f: object, cmd: Command): Promise<void> {
  return write("put", bucket, key, value, cmd, (kv, k, v) => kv.put(k, v));
}

/** `kv create BUCKET KEY [VALUE]`: only when the key has no value. */
export function kvCreate(bucket: string, key: string, value: string | undefined, _f: object, cmd: Command): Promise<void> {
  return write("create", bucket, key, value, cmd, (kv, k, v) => kv.create(k, v));
}

/** `kv update BUCKET KEY VALUE REVISION`: only when the key's last revision is REVISION. */
export function kvUpdate(bucket: string, key: string, value: string, revisionText: string, _f: object, cmd: Command): Promise<void> {
  const revision = parseWhole(revisionText, "the revision", 1);
  return write("update", bucket, key, value, cmd, (kv, k, v) => kv.update(k, v, revision));
}

/** `kv del BUCKET [KEY]`: a key gets a delete marker; without a key the bucket goes. */
export async function kvDel(bucket: string, key: string | undefined, flags: { force?: boolean }, cmd: Command): Promise<void> {
  checkBucketName(bucket);
  if (key !== undefined) checkKey(key);
  const ask = new Prompter();
  try {
    await onBucket(cmd, bucket, async (b, s) => {
      if (key === undefined) {
        if (!flags.force && !(await ask.confirm(`Delete bucket ${bucket}`, false, "-f to delete without asking"))) return log("Skipping delete");
        await storeCall(b.ctx(`delete bucket '${bucket}'`), () => s.jsm.streams.delete(b.si.config.name));
        return log(`Deleted bucket ${bucket}`);
      }
      if (!flags.force && !(await ask.confirm(`Delete key ${bucket} > ${key}`, false, "-f to delete without asking"))) return log("Skipping delete");
      await storeCall(b.ctx(`delete key ${bucket} > ${key}`), () => b.kv.delete(key));
      log(`Deleted key ${bucket} > ${key}`);
    });
  } finally {
    ask.close();
  }
}

/** `kv purge BUCKET KEY`: the key's history goes, a purge marker stays. */
export async function kvPurge(bucket: string, key: string, flags: { force?: boolean }, cmd: Command): Promise<void> {
  checkBucketName(bucket);
  checkKey(key);
  const ask = new Prompter();
  try {
    await onBucket(cmd, bucket, async (b) => {
      if (!flags.force && !(await ask.confirm(`Purge key ${bucket} > ${key}`, false, "-f to purge without asking"))) return log("Skipping purge");
      await storeCall(b.ctx(`purge key ${bucket} > ${key}`), () => b.kv.purge(key));
      log(`Purged key ${bucket} > ${key}`);
    });
  } finally {
    ask.close();
  }
}

/** `kv compact BUCKET`: removes delete and purge markers (those younger than 30 minutes stay, alone). */
export async function kvCompact(bucket: string, flags: { force?: boolean }, cmd: Command): Promise<void> {
  checkBucketName(bucket);
  const ask = new Prompter();
  try {
    await onBucket(cmd, bucket, async (b) => {
      const q = `Purge all historic values and audit trails for deleted keys in bucket ${bucket}`;
      if (!flags.force && !(await ask.confirm(q, false, "-f to compact without asking"))) return log("Skipping delete");
      const kv = b.kv as KV & { purgeDeletes(olderMillis?: number): Promise<{ purged: number }> };
      const r = await storeCall(b.ctx(`compact bucket '${bucket}'`), () => kv.purgeDeletes());
      log(`Removed ${r.purged.toLocaleString("en-US")} entries of deleted keys from ${bucket}`);
    });
  } finally {
    ask.close();
  }
}

/** `kv revert BUCKET KEY REVISION`: puts an old revision's value back (compare-and-set on the last one). */
export async function kvRevert(bucket: string, key: string, revisionText: string, flags: { force?: boolean }, cmd: Command): Promise<void> {
  checkBucketName(bucket);
  checkKey(key);
  const revision = parseWhole(revisionText, "the revision", 1);
  const ask = new Prompter();
  try {
    await onBucket(cmd, bucket, async (b) => {
      const history = await readHistory(b, key);
      if (history.length <= 1) throw new CliError(CliErrorCode.Usage, "cannot revert key in a bucket where history=1");
      const old = history.find((e) => e.revision === revision);
      if (!old) throw keyNotFound(bucket, key, `it has no revision ${revision}; \`nats-stack kv history ${bucket} ${key}\` lists them`);
      if (!flags.force) {
        process.stderr.write(`Revision: ${old.revision}\n\n${shortValue(old.value)}\n\n`);
        if (!(await ask.confirm(`Really revert to revision ${revision}`, false, "-f to revert without asking"))) return;
      }
      const latest = history[history.length - 1]!.revision;
      await storeCall(b.ctx(`revert key ${bucket} > ${key}`), () => b.kv.update(key, old.value, latest));
      print(renderHistoryTable(bucket, key, await readHistory(b, key)));
    });
  } finally {
    ask.close();
  }
}
