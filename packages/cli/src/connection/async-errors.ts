/**
 * Errors the server reports after accepting an operation (a permissions violation for a publish or a
 * subscription arrives later, as a status event): collected while a verb runs and raised once it flushed,
 * the way natscli checks `nc.LastError()` after its flush.
 */
import type { NatsConnection } from "@nats-stack/core";
import { CliError, CliErrorCode } from "../output/cli-error";

/** Watches one connection's status events for server errors. */
export class AsyncErrors {
  private first: Error | undefined;
  private readonly listeners = new Set<(e: Error) => void>();

  constructor(nc: NatsConnection) {
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === "error") {
          this.first ??= s.error;
          for (const l of this.listeners) l(s.error);
        }
      }
    })().catch(() => {});
  }

  /** Calls `f` on each server error from now on. */
  onError(f: (e: Error) => void): void {
    this.listeners.add(f);
  }

  /** Throws the first server error seen, after letting queued status events through. */
  async check(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    if (this.first) throw serverError(this.first);
  }
}

/** A server's error as a {@link CliError}. */
export function serverError(e: Error): CliError {
  return new CliError(CliErrorCode.Server, `the server refused: ${e.message}`, { cause: e });
}
