/**
 * Entry point of the `nats-stack` executable: runs the program, turns any failure into one line on stderr
 * with exit status 1, and exits once stdout and stderr are flushed (a verb that left a timer or socket
 * behind cannot keep the process alive).
 */
import { CommanderError } from "commander";
import { debugEnabled, errorLine } from "./output/error-line";
import { buildProgram } from "./program";

function report(e: unknown): void {
  process.stderr.write(errorLine(e) + "\n");
  if (debugEnabled() && e instanceof Error && e.stack) process.stderr.write(e.stack + "\n");
}

function flushAndExit(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
}

async function main(): Promise<void> {
  // A user option must never surface as an unhandled rejection: report it like any other failure.
  process.on("unhandledRejection", (e) => {
    report(e);
    flushAndExit(1);
  });
  // A closed pipe (`nats-stack sub x | head -1`) ends the command quietly, as it would for `cat`.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
  });
  try {
    await buildProgram().parseAsync(process.argv);
    flushAndExit(typeof process.exitCode === "number" ? process.exitCode : 0);
  } catch (e) {
    if (e instanceof CommanderError) return flushAndExit(e.exitCode);
    report(e);
    flushAndExit(1);
  }
}

void main();
