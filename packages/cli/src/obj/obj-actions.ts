/**
 * The `object` verbs: `add` (a store, or the same one again), `put` (a file or stdin, a progress bar on a
 * terminal), `get` (to a file, `-O -` for stdout), `info` (of a store or an object), `ls` (the stores, or a
 * store's objects), `del` (an object, or with no name the whole store), `seal` and `watch`. Names and files
 * are checked before connecting; destructive ones ask first unless `-f`; `--json` on the read verbs.
 */
import { existsSync } from "node:fs";
import { basename, normalize, resolve } from "node:path";
import type { Command } from "commander";
import { StreamNotFoundError, type StreamInfo } from "@nats-stack/jetstream";
import { ObjectStoreStatusImpl, Objm, type ObjectInfo, type ObjectStoreStatus } from "@nats-stack/jetstream/obj";
import { formatBytes } from "../args/byte-size";
import { formatDuration } from "../args/duration";
import { globalOptions } from "../connection/global-options";
import { byteProgress } from "../output/byte-progress";
import { CliError, CliErrorCode, usageError } from "../output/cli-error";
import { onInterrupt } from "../output/interrupt";
import { log, print } from "../output/log";
import { Prompter } from "../output/prompt";
import { HeaderArgs } from "../templates/header-args";
import { withJetStream } from "../jetstream/js-session";
import { storeCall, storeFailure } from "../jetstream/store-errors";
import { checkSameStore, objOptions, type ObjAddFlags } from "./obj-config-input";
import { checkStoreName, openStore, storeInfo, type OpenStore } from "./obj-session";
import { fileSource, putStream, stdinSource, writeObject, type GetTarget } from "./obj-transfer";
import { objectInfoJson, objectWatchLine, renderContentsTable, renderObjectInfo, renderStoreStatus, renderStoreTable, storeStatusJson } from "./obj-view";

const json = (v: unknown) => JSON.stringify(v, null, 2);

/** The one line for an object that is not there (never was, or deleted). */
function objectNotFound(bucket: string, name: string, deleted = false): CliError {
  return new CliError(CliErrorCode.JetStream, `object '${name}' not found in object store '${bucket}'${deleted ? ": it was deleted" : ""}`, {
    hint: `\`nats-stack object ls ${bucket}\` lists its objects`,
  });
}

/** The info of a live object; a missing or deleted one fails. */
async function liveInfo(o: OpenStore, name: string): Promise<ObjectInfo> {
  const oi = await storeCall(o.ctx(`load object ${o.bucket} > ${name}`), () => o.store.info(name));
  if (!oi || oi.deleted) throw objectNotFound(o.bucket, name, oi?.deleted === true);
  return oi;
}

/** `object add STORE`. */
export async function objAdd(bucket: string, flags: ObjAddFlags, cmd: Command): Promise<void> {
  checkStoreName(bucket);
  const opts = objOptions(flags);
  await withJetStream(globalOptions(cmd), async (s) => {
    const ctx = { kind: "object" as const, action: `create object store '${bucket}'`, server: s.server };
    let existing: StreamInfo | undefined;
    try {
      existing = await s.jsm.streams.info(`OBJ_${bucket}`);
    } catch (e) {
      if (!(e instanceof StreamNotFoundError)) throw storeFailure(e, ctx);
    }
    if (existing) checkSameStore(bucket, existing.config, opts);
    const store = await storeCall(ctx, () => new Objm(s.js).create(bucket, opts));
    const st = await storeCall(ctx, () => store.status());
    if (flags.json) return print(json(storeStatusJson(st)));
    if (!existing) log(`Object store ${bucket} was created`);
    print(renderStoreStatus(st));
  });
}

interface PutFlags {
  name?: string;
  description?: string;
  header?: string[];
  /** Undefined unless --progress or --no-progress was given (a bar is the default). */
  progress?: boolean;
  force?: boolean;
  json?: boolean;
}

/** `object put STORE [FILE]`: a file, or stdin with `--name`. */
export async function objPut(bucket: string, file: string | undefined, flags: PutFlags, cmd: Command): Promise<void> {
  checkStoreName(bucket);
  const raw = flags.name ?? file;
  if (raw === undefined) throw usageError("--name is required when reading from stdin");
  const src = file !== undefined ? fileSource(file) : stdinSource();
  // natscli: the name is the path as given, cleaned (`./a.txt` is `a.txt`).
  const name = raw === "" ? raw : normalize(raw).replace(/\/+$/, "");
  if (name === "" || name === ".") throw usageError("an object name cannot be empty");
  const hdrs = new HeaderArgs(flags.header).build({ count: 1 });
  const ask = new Prompter();
  try {
    await withJetStream(globalOptions(cmd), async (s) => {
      const o = await openStore(s, bucket);
      const ctx = o.ctx(`put ${src.label} as ${bucket} > ${name}`);
      const before = await storeCall(ctx, () => o.store.info(name));
      if (before && !before.deleted && !flags.force) {
        // A person at a terminal sees what would be replaced (natscli shows it); piped answers get the question only.
        if (process.stdin.isTTY) process.stderr.write(renderObjectInfo(before) + "\n");
        if (!(await ask.confirm(`Replace existing file ${bucket} > ${name}`, false, "-f to replace without asking"))) return log(`Kept ${bucket} > ${name}`);
      }
      if (file === undefined && process.stdin.isTTY) log("Reading the object from STDIN (end with Ctrl-D)");
      const progress = byteProgress(src.size, flags.progress !== false);
      let oi: ObjectInfo;
      try {
        oi = await storeCall(ctx, () => o.store.put({ name, ...(flags.description ? { description: flags.description } : {}), ...(hdrs ? { headers: hdrs } : {}) }, putStream(src, progress)));
      } finally {
        progress.stop();
      }
      print(flags.json ? json(objectInfoJson(oi)) : renderObjectInfo(oi));
    });
  } finally {
    ask.close();
  }
}

interface GetFlags {
  output?: string;
  /** Undefined unless --progress or --no-progress was given (a bar is the default). */
  progress?: boolean;
  force?: boolean;
}

/** `object get STORE NAME`: to `-O FILE` (default: the name's last part, here), or stdout with `-O -`. */
export async function objGet(bucket: string, name: string, flags: GetFlags, cmd: Command): Promise<void> {
  checkStoreName(bucket);
  if (name === "") throw usageError("an object name cannot be empty");
  const target: GetTarget = flags.output === "-" ? { kind: "stdout" } : { kind: "file", path: resolve(flags.output ?? basename(name)) };
  const ask = new Prompter();
  try {
    await withJetStream(globalOptions(cmd), async (s) => {
      const o = await openStore(s, bucket);
      await liveInfo(o, name);
      if (target.kind === "file" && !flags.force && existsSync(target.path)) {
        if (!(await ask.confirm(`Replace existing target file ${target.path}`, false, "-f to replace without asking"))) return log(`Kept ${target.path}`);
      }
      const ctx = o.ctx(`get ${bucket} > ${name}`);
      const r = await storeCall(ctx, () => o.store.get(name));
      if (!r) throw objectNotFound(bucket, name);
      const started = Date.now();
      const progress = byteProgress(r.info.size, flags.progress !== false);
      let n: number;
      try {
        n = await storeCall(ctx, () => writeObject(r, target, progress));
      } finally {
        progress.stop();
      }
      const ms = Date.now() - started;
      const where = target.kind === "file" ? target.path : "stdout";
      const rate = ms > 2000 ? ` average ${formatBytes(Math.round(n / (ms / 1000)))}/s` : "";
      log(`Wrote: ${formatBytes(n)} to ${where} in ${formatDuration(ms)}${rate}`);
    });
  } finally {
    ask.close();
  }
}

/** `object info STORE [NAME]`. */
export async function objInfo(bucket: string, name: string | undefined, flags: { json?: boolean }, cmd: Command): Promise<void> {
  checkStoreName(bucket);
  await withJetStream(globalOptions(cmd), async (s) => {
    if (name === undefined) {
      const st = new ObjectStoreStatusImpl(await storeInfo(s, bucket));
      return print(flags.json ? json(storeStatusJson(st)) : renderStoreStatus(st));
    }
    const o = await openStore(s, bucket);
    // Deleted objects keep an info (natscli shows "Deleted: true" for them).
    const oi = await storeCall(o.ctx(`load object ${bucket} > ${name}`), () => o.store.info(name));
    if (!oi) throw objectNotFound(bucket, name);
    print(flags.json ? json(objectInfoJson(oi)) : renderObjectInfo(oi));
  });
}

/** `object ls [STORE]`. */
export async function objLs(bucket: string | undefined, flags: { names?: boolean; json?: boolean }, cmd: Command): Promise<void> {
  if (bucket !== undefined) checkStoreName(bucket);
  await withJetStream(globalOptions(cmd), async (s) => {
    if (bucket === undefined) {
      const list: ObjectStoreStatus[] = [];
      await storeCall({ kind: "object", action: "list the object stores", server: s.server }, async () => {
        for await (const st of new Objm(s.js).list()) list.push(st);
      });
      if (flags.json) return print(json(list.map((st) => st.bucket).sort()));
      if (list.length === 0) return print("No Object Store buckets found");
      if (flags.names) return print(list.map((st) => st.bucket).join("\n"));
      return print(renderStoreTable(list));
    }
    const o = await openStore(s, bucket);
    const infos = await storeCall(o.ctx(`list the objects of '${bucket}'`), () => o.store.list());
    if (flags.json) return print(json(infos.map(objectInfoJson)));
    if (infos.length === 0) return print("No entries found");
    if (flags.names) return print(infos.map((oi) => oi.name).join("\n"));
    print(renderContentsTable(infos));
  });
}

/** `object del STORE [NAME]`: an object, or without a name the whole store. */
export async function objDel(bucket: string, name: string | undefined, flags: { force?: boolean }, cmd: Command): Promise<void> {
  checkStoreName(bucket);
  const ask = new Prompter();
  try {
    await withJetStream(globalOptions(cmd), async (s) => {
      const o = await openStore(s, bucket);
      if (name === undefined) {
        if (!flags.force && !(await ask.confirm(`Delete bucket ${bucket} and all its files`, false, "-f to delete without asking"))) return log("Skipping delete");
        await storeCall(o.ctx(`delete object store '${bucket}'`), () => s.jsm.streams.delete(o.si.config.name));
        return log(`Deleted object store ${bucket}`);
      }
      const oi = await liveInfo(o, name);
      if (!flags.force && !(await ask.confirm(`Delete ${formatBytes(oi.size)} byte file ${bucket} > ${name}`, false, "-f to delete without asking"))) return log("Skipping delete");
      await storeCall(o.ctx(`delete ${bucket} > ${name}`), () => o.store.delete(name));
      log(`Removed ${bucket} > ${name}`);
      print(renderStoreStatus(await storeCall(o.ctx(`load object store '${bucket}'`), () => o.store.status())));
    });
  } finally {
    ask.close();
  }
}

/** `object seal STORE`: nothing can be changed any more. */
export async function objSeal(bucket: string, flags: { force?: boolean }, cmd: Command): Promise<void> {
  checkStoreName(bucket);
  const ask = new Prompter();
  try {
    await withJetStream(globalOptions(cmd), async (s) => {
      const o = await openStore(s, bucket);
      const q = `Really seal Bucket ${bucket}, sealed buckets can not be unsealed or modified`;
      if (!flags.force && !(await ask.confirm(q, false, "-f to seal without asking"))) return log("Skipping seal");
      const st = await storeCall(o.ctx(`seal object store '${bucket}'`), () => o.store.seal());
      log(`${bucket} has been sealed`);
      print(renderStoreStatus(st));
    });
  } finally {
    ask.close();
  }
}

/** `object watch STORE`: the last info of each object, then changes as they happen, until Ctrl-C. */
export async function objWatch(bucket: string, flags: { json?: boolean }, cmd: Command): Promise<void> {
  checkStoreName(bucket);
  await withJetStream(globalOptions(cmd), async (s) => {
    const o = await openStore(s, bucket);
    const ctx = o.ctx(`watch object store '${bucket}'`);
    const it = await storeCall(ctx, () => o.store.watch({ includeHistory: true }));
    const interrupt = onInterrupt();
    void interrupt.signal.then(() => it.stop());
    try {
      await storeCall(ctx, async () => {
        for await (const oi of it) print(flags.json ? JSON.stringify(objectInfoJson(oi)) : objectWatchLine(oi));
      });
    } finally {
      interrupt.dispose();
    }
  });
}
