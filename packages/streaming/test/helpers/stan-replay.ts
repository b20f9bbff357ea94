/**
 * The STAN adapter of the replay server: a protobuf-aware payload matcher, the CONNECT keys that belong to
 * the NATS client (not to STAN) and are not compared, and a transcript filter for ops our client
 * deliberately does not send. The replay server itself (fixtures/src/replay-server.ts) is used as it is.
 */
import { join } from "node:path";
import { directionStream, readTranscript, type Transcript, type TranscriptChunk } from "@nats-stack/fixtures/transcript";
import { buildTimeline, type TimelineEvent } from "@nats-stack/fixtures/op-timeline";
import { DEFAULT_IGNORED_CONNECT_KEYS, type PayloadMatcher } from "@nats-stack/fixtures/op-match";
import { assertReplayOk, startReplay, type ReplayOptions, type ReplayReport } from "@nats-stack/fixtures/replay-server";
import { clientKind, compareFields, decodeAs } from "./stan-payloads";

export const STAN_TRANSCRIPTS = join(__dirname, "..", "..", "..", "..", "fixtures", "transcripts", "stan");

/** Compares PUB payloads as the STAN messages they are. */
export const stanMatchPayload: PayloadMatcher = (expected, received, ctx) => {
  const kind = clientKind(ctx.expected.subject, ctx.expected.reply, expected);
  if (kind === "HeartbeatReply") return received.length === 0 ? true : `heartbeat reply must be empty, got ${received.length} bytes`;
  let e: Record<string, unknown>;
  let r: Record<string, unknown>;
  try {
    e = decodeAs(kind, expected);
  } catch (err) {
    return ctx.defaultMatch(expected, received) ?? true;
  }
  try {
    r = decodeAs(kind, received);
  } catch (err) {
    return `received payload is not a ${kind}: ${(err as Error).message}`;
  }
  return compareFields(kind, e, r, ctx.rename) ?? true;
};

/**
 * CONNECT keys that differ because the recording's NATS client was node-nats 1.4.12 and ours is
 * @nats-stack/core: it announces headers and no-responders support. That is core's business, not STAN's.
 */
export const NATS_CLIENT_CONNECT_KEYS = new Set([...DEFAULT_IGNORED_CONNECT_KEYS, "headers", "no_responders"]);

/** Reads one of the STAN transcripts by file name. */
export function stanTranscript(file: string): Transcript {
  return readTranscript(join(STAN_TRANSCRIPTS, file));
}

/**
 * A copy of a transcript without the events `drop` selects (with the server ops that answered them, which
 * `drop` must select too). Every kept op becomes one chunk of its exact bytes, at its recorded time; the
 * original chunk boundaries are lost, so use it only where the client must not do what was recorded.
 */
export function withoutEvents(t: Transcript, drop: (ev: TimelineEvent, all: TimelineEvent[]) => boolean): Transcript {
  const tl = buildTimeline(t);
  const streams = new Map<string, Uint8Array>();
  const bytesOf = (conn: number, dir: "c2s" | "s2c") => {
    const k = `${conn}/${dir}`;
    if (!streams.has(k)) streams.set(k, directionStream(t, conn, dir).bytes);
    return streams.get(k)!;
  };
  const chunks: TranscriptChunk[] = [];
  let line = 2;
  for (const ev of tl.events) {
    if (ev.type === "fin" || ev.type === "tls" || drop(ev, tl.events)) continue;
    const data = bytesOf(ev.conn, ev.dir).slice(ev.start, ev.end);
    chunks.push({ t: ev.t, conn: ev.conn, dir: ev.dir, data, line: line++ });
  }
  return { header: { ...t.header, description: `${t.header.description} (filtered)` }, chunks, file: t.file };
}

/** Options every STAN replay uses. */
export function stanReplayOptions(extra: ReplayOptions = {}): ReplayOptions {
  return { matchPayload: stanMatchPayload, ignoreConnectKeys: NATS_CLIENT_CONNECT_KEYS, timeScale: 0.1, ...extra };
}

/** Replays `t` to whatever `drive(url)` does, and throws on a divergence (after `drive` finished or threw). */
export async function replayStan(t: Transcript, drive: (url: string) => Promise<void>, extra: ReplayOptions = {}): Promise<ReplayReport> {
  const replay = await startReplay(t, stanReplayOptions(extra));
  let driveErr: unknown;
  try {
    await drive(replay.url);
  } catch (err) {
    driveErr = err;
  }
  const report = await replay.finish(5000);
  assertReplayOk(report);
  if (driveErr) throw driveErr;
  return report;
}
