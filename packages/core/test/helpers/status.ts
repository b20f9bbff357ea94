import type { NatsConnection, Status } from "../../src/mod";

/** Collects every status event of `nc` from now on, as they come. */
export function statuses(nc: NatsConnection): Status[] {
  const out: Status[] = [];
  void (async () => {
    for await (const s of nc.status()) out.push(s);
  })();
  return out;
}

/** Polls `pred` every 20 ms until it holds, or fails after `ms` naming `what`. */
export async function until(pred: () => boolean, ms = 10_000, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
