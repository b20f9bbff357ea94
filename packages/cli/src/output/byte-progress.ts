/**
 * Progress of a transfer in bytes (`object put`, `object get`): a cli-progress bar on stderr when it is a
 * terminal, nothing otherwise (a pipe or a log gets the one summary line the verb prints at the end). As
 * natscli, a bar is only worth showing for more than 20 KiB of known size.
 */
import { SingleBar, Presets } from "cli-progress";
import { formatBytes } from "../args/byte-size";

/** natscli shows no bar for objects up to this size. */
export const PROGRESS_MIN_BYTES = 20480;

/** Counts bytes toward a total. */
export interface ByteProgress {
  add(n: number): void;
  stop(): void;
}

const NONE: ByteProgress = { add: () => {}, stop: () => {} };

/** A bar for `total` bytes, or a no-op when it is off, not on a terminal, or the size is small or unknown. */
export function byteProgress(total: number | undefined, enabled: boolean): ByteProgress {
  if (!enabled || !process.stderr.isTTY || total === undefined || total <= PROGRESS_MIN_BYTES) return NONE;
  const totalText = formatBytes(total);
  const bar = new SingleBar(
    {
      format: ` {bar} {percentage}% | {done} / ${totalText} | {duration_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      fps: 10,
      formatValue: (v, _o, type) => (type === "value" ? formatBytes(v) : String(v)),
    },
    Presets.shades_classic,
  );
  let done = 0;
  bar.start(total, 0, { done: formatBytes(0) });
  return {
    add: (n) => {
      done += n;
      bar.update(Math.min(done, total), { done: formatBytes(done) });
    },
    stop: () => bar.stop(),
  };
}
