/**
 * Colours for stdout and stderr, each decided on its own: on only when that stream is a terminal and neither
 * NO_COLOR nor NATS_STACK_NO_COLOR is set (FORCE_COLOR turns them on anywhere, for screenshots).
 */
import pc from "picocolors";

type Colors = ReturnType<typeof pc.createColors>;

function wanted(stream: NodeJS.WriteStream): boolean {
  const env = process.env;
  if ("NO_COLOR" in env && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** Colours for text written to stdout. */
export const out: Colors = pc.createColors(wanted(process.stdout));
/** Colours for text written to stderr. */
export const err: Colors = pc.createColors(wanted(process.stderr));
