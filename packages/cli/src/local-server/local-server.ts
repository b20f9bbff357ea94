/**
 * A nats-server on 127.0.0.1 for `server run`, `bench` and `tour`: started through the project's shared
 * launcher (fixtures), with its JetStream store in a temp folder (removed on stop) or one the user gives
 * (kept). A server that fails to start is reported by the reason in its own log, in one line.
 */
import { spawnSync } from "node:child_process";
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { CliError, CliErrorCode } from "../output/cli-error";
import { findNatsServer } from "./find-nats-server";

/** Options of {@link startLocalServer}. */
export interface LocalServerOptions {
  /** Client port; 4222 when omitted by `server run`, random (-1) for bench and tour. */
  port?: number;
  jetstream?: boolean;
  /** JetStream store folder to use (and keep). */
  storeDir?: string;
  /** Extra config text (limits raised for benchmarks). */
  config?: string;
}

/** `nats-server --version` of the binary that will run. */
export function localServerVersion(): string {
  const bin = findNatsServer();
  return spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout.trim().replace(/^nats-server:\s*/, "nats-server ") || bin;
}

/** The reason a server gave for not starting: its fatal or error log line, else the launcher's first line. */
function startFailure(e: Error): CliError {
  const text = e.message;
  const line =
    /\[FTL\]\s*(.*)/.exec(text)?.[1] ?? /\[ERR\]\s*(.*)/.exec(text)?.[1] ?? /^nats-server: (.*)$/m.exec(text)?.[1] ?? text.split("\n")[0]!;
  return new CliError(CliErrorCode.LocalServer, `nats-server did not start: ${line.trim()}`, { cause: e });
}

/** Starts a nats-server on 127.0.0.1; a missing binary or a failed start becomes a {@link CliError}. */
export async function startLocalServer(opts: LocalServerOptions = {}): Promise<NatsServer> {
  // The shared launcher reads NATS_SERVER; point it at what we found (or fail with the install hint).
  process.env.NATS_SERVER = findNatsServer();
  try {
    return await startServer({ port: opts.port ?? -1, jetstream: opts.jetstream, storeDir: opts.storeDir, config: opts.config });
  } catch (e) {
    throw startFailure(e as Error);
  }
}
