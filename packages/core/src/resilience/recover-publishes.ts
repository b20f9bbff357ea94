import { ClientOpParser, type ClientPub } from "@nats-stack/wire";
import type { Outbound } from "../protocol/outbound";

/** What recovering a lost link's publishes did. */
export interface Recovered {
  resent: number;
  refused: number;
  refusedBytes: number;
}

/**
 * Finds the publishes in bytes a lost server never acknowledged (our own, so they always parse) and queues
 * them again on `into`, in order, within `budget` bytes; SUB/UNSUB/PING lines are left out, since
 * subscriptions and flushes are restored separately after the reconnect.
 */
export function recoverPublishes(batches: Uint8Array[][], into: Outbound, budget: number): Recovered {
  const frames: ClientPub[] = [];
  const parser = new ClientOpParser(
    { connect() {}, pub: (m) => frames.push(m), sub() {}, unsub() {}, ping() {}, pong() {} },
    { checkHeaderBlock: false },
  );
  const r: Recovered = { resent: 0, refused: 0, refusedBytes: 0 };
  try {
    for (const batch of batches) for (const part of batch) parser.parse(part);
  } catch {
    // Bytes we wrote ourselves failed to parse: resending them is not safe.
    return r;
  }
  for (const f of frames) {
    if (into.pending + f.size + 64 > budget) {
      r.refused++;
      r.refusedBytes += f.size;
      continue;
    }
    into.pub(f.subject, f.reply, f.headers, f.payload);
    r.resent++;
  }
  return r;
}
