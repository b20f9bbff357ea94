/**
 * Helper processes a benchmark run needs beside its contender (the neutral Go publisher and responder):
 * started, awaited for their `{"event":"ready"}` line or their exit, and killed at teardown.
 */
import { spawn, type ChildProcess } from "node:child_process";

/** A running helper. */
export interface Helper {
  child: ChildProcess;
  /** Resolves on the helper's `{"event":"ready"}` line; rejects if it exits first. */
  ready: Promise<void>;
  /** Resolves when it exits with status 0; rejects with its stderr otherwise. */
  exited: Promise<void>;
  /** Kills it (SIGKILL) if it still runs and waits for the exit. */
  stop(): Promise<void>;
}

/** Starts `command args…` as a helper. */
export function startHelper(command: string, args: string[]): Helper {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  let stdout = "";
  let stopping = false;
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (d: string) => (stderr = (stderr + d).slice(-4000)));
  let markReady!: () => void;
  let failReady!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    markReady = res;
    failReady = rej;
  });
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (d: string) => {
    stdout += d;
    if (stdout.includes('"event":"ready"')) markReady();
    if (stdout.length > 4000) stdout = stdout.slice(-200);
  });
  const exited = new Promise<void>((res, rej) => {
    child.once("error", rej);
    child.once("exit", (code, signal) => {
      const e = new Error(`${args[0] ?? command} exited ${code ?? signal} before it was ready: ${stderr.trim()}`);
      failReady(e);
      if (code === 0 || stopping) res();
      else rej(new Error(`${args[0] ?? command} exited ${code ?? signal}: ${stderr.trim()}`));
    });
  });
  // Nobody may be waiting on these when the helper is stopped on purpose.
  ready.catch(() => {});
  exited.catch(() => {});
  return {
    child,
    ready,
    exited,
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited.catch(() => {});
    },
  };
}
