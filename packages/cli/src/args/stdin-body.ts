/** A message body read from stdin when none is given on the command line (`echo hi | nats-stack pub x`). */
import { log } from "../output/log";

/** All of stdin as text; tells a terminal user how to finish typing. */
export async function readStdinBody(): Promise<string> {
  if (process.stdin.isTTY) log("Reading payload from STDIN (end with Ctrl-D)");
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * A value argument, or stdin's bytes when it is omitted (or empty) and stdin is not a terminal, as natscli's
 * `kv put`: `echo blue | nats-stack kv put cfg color`. On a terminal the (empty) argument is the value.
 */
export async function valueOrStdin(value: string | undefined): Promise<Uint8Array> {
  if ((value !== undefined && value !== "") || process.stdin.isTTY) return new TextEncoder().encode(value ?? "");
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}
