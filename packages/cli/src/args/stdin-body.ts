/** A message body read from stdin when none is given on the command line (`echo hi | nats-stack pub x`). */
import { log } from "../output/log";

/** All of stdin as text; tells a terminal user how to finish typing. */
export async function readStdinBody(): Promise<string> {
  if (process.stdin.isTTY) log("Reading payload from STDIN (end with Ctrl-D)");
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
