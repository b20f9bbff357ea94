/**
 * Moving an object's bytes between the store and the file system: a file (or stdin) read as the store's put
 * pulls (Node's stream back-pressure all the way), and a read written to a file or stdout as it arrives. A
 * read goes to a temporary file beside the target, renamed over it only once the store has checked the
 * size and digest, so a failed or corrupt read leaves nothing behind and an existing file untouched.
 */
import { once } from "node:events";
import { createReadStream, createWriteStream, renameSync, statSync, unlinkSync, type WriteStream } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Readable } from "node:stream";
import type { ObjectResult } from "@nats-stack/jetstream/obj";
import { CliError, CliErrorCode } from "../output/cli-error";
import type { ByteProgress } from "../output/byte-progress";

/** What `object put` reads: a file with its size, or stdin (size unknown). */
export interface PutSource {
  readable(): Readable;
  size?: number;
  /** `'x.bin'` or `stdin`, for messages. */
  label: string;
}

/** A file to put, checked before connecting (it exists and is a file). */
export function fileSource(path: string): PutSource {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new CliError(CliErrorCode.File, `'${path}' is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    const why = (e as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : (e as Error).message;
    throw new CliError(CliErrorCode.File, `file '${path}' ${why}`);
  }
  return { readable: () => createReadStream(path), size, label: `'${path}'` };
}

/** Stdin as the object's data. */
export function stdinSource(): PutSource {
  return { readable: () => process.stdin, label: "stdin" };
}

/** A web ReadableStream the store's put pulls from, counting bytes as they go. */
export function putStream(src: PutSource, progress: ByteProgress): ReadableStream<Uint8Array> {
  const r = src.readable();
  const it = r[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      let next: IteratorResult<Buffer>;
      try {
        next = await it.next();
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        ctrl.error(new CliError(CliErrorCode.File, `could not read ${src.label}: ${err.message}`, { cause: e }));
        return;
      }
      if (next.done) return ctrl.close();
      progress.add(next.value.length);
      ctrl.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
    },
    cancel() {
      void it.return?.();
      r.destroy();
    },
  });
}

/** Where `object get` writes: a file path, or stdout for `-`. */
export type GetTarget = { kind: "stdout" } | { kind: "file"; path: string };

async function writeAll(out: NodeJS.WritableStream | WriteStream, data: ObjectResult["data"], progress: ByteProgress): Promise<number> {
  const reader = data.getReader();
  let n = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return n;
    n += value.length;
    progress.add(value.length);
    if (!out.write(value)) await once(out, "drain");
  }
}

/** Writes the read to `target`; resolves with the bytes written once the store has checked them. */
export async function writeObject(r: ObjectResult, target: GetTarget, progress: ByteProgress): Promise<number> {
  if (target.kind === "stdout") {
    const n = await writeAll(process.stdout, r.data, progress).catch(async (e) => {
      throw (await r.error) ?? e;
    });
    const err = await r.error;
    if (err) throw err;
    return n;
  }
  const tmp = join(dirname(target.path), `.${basename(target.path)}.nats-stack-${process.pid}.part`);
  const ws = createWriteStream(tmp, { flags: "wx" });
  await once(ws, "open").catch((e: Error) => {
    throw new CliError(CliErrorCode.File, `could not write '${target.path}': ${e.message}`, { cause: e });
  });
  // A failed write (a full disk) is reported once the read stops, not as an unhandled 'error' event.
  let writeErr: Error | undefined;
  ws.on("error", (e) => (writeErr ??= e));
  try {
    const n = await writeAll(ws, r.data, progress).catch(async (e) => {
      throw (await r.error) ?? e;
    });
    const err = await r.error;
    if (err) throw err;
    if (writeErr) throw new CliError(CliErrorCode.File, `could not write '${target.path}': ${writeErr.message}`, { cause: writeErr });
    ws.end();
    await once(ws, "close");
    renameSync(tmp, target.path);
    return n;
  } catch (e) {
    ws.destroy();
    try {
      unlinkSync(tmp);
    } catch {
      // Already gone.
    }
    throw e;
  }
}
