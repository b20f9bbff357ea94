/**
 * Key-value and object store failures in the user's words. The stores' own checks throw plain `Error`s with
 * nats.js's texts (`invalid key: a b`, `object store not found`, `stream is sealed`, `wrong last sequence`):
 * a plain Error raised by a store call becomes `could not <action>: <text>`; a missing bucket names the
 * bucket and how to list them; everything else goes through {@link jsFailure}.
 */
import { StreamNotFoundError } from "@nats-stack/jetstream";
import { CliError, CliErrorCode } from "../output/cli-error";
import { jsFailure, type JsContext } from "./js-errors";

/** Which kind of store a call was about. */
export type StoreKind = "kv" | "object";

/** What was being done when a store call failed. */
export interface StoreContext extends JsContext {
  kind: StoreKind;
  /** The bucket (kv) or store (object) the call was about. */
  bucket?: string;
}

/** The one line for a bucket that does not exist. */
export function bucketNotFound(kind: StoreKind, bucket: string): CliError {
  return kind === "kv"
    ? new CliError(CliErrorCode.JetStream, `bucket '${bucket}' not found`, { hint: "`nats-stack kv ls` lists the buckets" })
    : new CliError(CliErrorCode.JetStream, `object store '${bucket}' not found`, { hint: "`nats-stack object ls` lists the stores" });
}

/** The error to report for `e`, raised while doing `ctx.action`. */
export function storeFailure(e: unknown, ctx: StoreContext): Error {
  if (e instanceof CliError) return e;
  if (ctx.bucket !== undefined && (e instanceof StreamNotFoundError || (e instanceof Error && e.message === "object store not found"))) {
    return bucketNotFound(ctx.kind, ctx.bucket);
  }
  const mapped = jsFailure(e, ctx);
  if (mapped !== e) return mapped;
  // Only the stores' own plain Errors: a TypeError or RangeError is a bug and keeps its name.
  if (e instanceof Error && e.constructor === Error) {
    return new CliError(CliErrorCode.JetStream, `could not ${ctx.action}: ${e.message}`, { cause: e });
  }
  return mapped;
}

/** Runs `fn`, reporting its failure through {@link storeFailure}. */
export async function storeCall<T>(ctx: StoreContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw storeFailure(e, ctx);
  }
}
