/**
 * JetStream failures in the user's words: a missing stream or consumer names what was asked for and how to
 * list what exists, a server without JetStream says how to start one with it, an API error keeps the
 * server's description and its `err_code`. Anything already a {@link CliError} passes through.
 */
import {
  ConsumerNotFoundError,
  InvalidNameError,
  JetStreamApiError,
  JetStreamNotEnabled,
  StreamNotFoundError,
} from "@nats-stack/jetstream";
import { CliError, CliErrorCode } from "../output/cli-error";

/** What was being done when a JetStream call failed. */
export interface JsContext {
  /** `create stream 'ORDERS'`, `load consumer 'ORDERS > monitor'`. */
  action: string;
  stream?: string;
  consumer?: string;
  /** The server URL(s), for "JetStream is not enabled on …". */
  server?: string;
}

/** The error to report for `e`, raised while doing `ctx.action`. */
export function jsFailure(e: unknown, ctx: JsContext): Error {
  if (e instanceof CliError) return e;
  if (e instanceof StreamNotFoundError) {
    const what = ctx.stream ? `stream '${ctx.stream}' not found` : `could not ${ctx.action}: ${e.message}`;
    return new CliError(CliErrorCode.JetStream, what, { hint: "`nats-stack stream ls` lists the streams" });
  }
  if (e instanceof ConsumerNotFoundError) {
    const what = ctx.consumer ? `consumer '${ctx.stream} > ${ctx.consumer}' not found` : `could not ${ctx.action}: ${e.message}`;
    return new CliError(CliErrorCode.JetStream, what, { hint: ctx.stream ? `\`nats-stack consumer ls ${ctx.stream}\` lists its consumers` : undefined });
  }
  if (e instanceof JetStreamNotEnabled) {
    return new CliError(CliErrorCode.JetStream, `JetStream is not enabled${ctx.server ? ` on ${ctx.server}` : ""}: ${e.message}`, {
      hint: "start nats-server with -js, or `nats-stack server run --jetstream`",
      cause: e,
    });
  }
  if (e instanceof InvalidNameError) return new CliError(CliErrorCode.Usage, e.message, { cause: e });
  if (e instanceof JetStreamApiError) {
    return new CliError(CliErrorCode.JetStream, `could not ${ctx.action}: ${e.message} (err_code ${e.code})`, { cause: e });
  }
  const err = e as Error;
  // The consumer getters say "not a pull consumer" / "not a push consumer" with a plain Error.
  if (err instanceof Error && /^not a (pull|push) consumer$/.test(err.message)) {
    return new CliError(CliErrorCode.JetStream, `consumer '${ctx.stream} > ${ctx.consumer}' is ${err.message}`, { cause: e });
  }
  if (err instanceof Error && err.name === "TimeoutError") {
    return new CliError(CliErrorCode.JetStream, `could not ${ctx.action}: the JetStream API did not answer in time`, {
      hint: "a longer --timeout, or check the server's JetStream health",
      cause: e,
    });
  }
  return err instanceof Error ? err : new Error(String(e));
}

/** Runs `fn`, reporting its failure through {@link jsFailure}. */
export async function jsCall<T>(ctx: JsContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw jsFailure(e, ctx);
  }
}
