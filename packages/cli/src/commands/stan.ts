/**
 * `stan pub` and `stan sub`: NATS Streaming on @nats-stack/streaming, over a NATS connection made from the
 * global flags. `sub` takes the five start positions (`--new`, the default, `--all`, `--last`, `--seq N`,
 * `--since DURATION`), `--durable` names, `--queue` groups and `--manual-acks` (each message is acked after
 * it was printed, so one that was not shown comes again).
 */
import type { Command } from "commander";
import { checkSubject, nuid, type NatsConnection } from "@nats-stack/core";
import { connectAsync, type Message, type Stan, type Subscription } from "@nats-stack/streaming";
import { parseDuration } from "../args/duration";
import { parseWhole } from "../args/numbers";
import { readStdinBody } from "../args/stdin-body";
import { connectNats } from "../connection/connect";
import { globalOptions, type GlobalOptions } from "../connection/global-options";
import { CliError, CliErrorCode, usageError } from "../output/cli-error";
import { out as c } from "../output/colors";
import { onInterrupt } from "../output/interrupt";
import { log } from "../output/log";
import { bodyText } from "../output/message-print";
import { countProgress } from "../output/count-progress";
import { BodyTemplate } from "../templates/body-template";
import type { VerbGroup } from "./verb-group";

/** The largest value of the SubscriptionRequest's int32 fields (`maxInFlight`, `ackWaitInSecs`). */
const INT32_MAX = 2 ** 31 - 1;

interface StanFlags {
  clusterId: string;
  clientId?: string;
}

function stanFlags(cmd: Command): StanFlags {
  const o = cmd.optsWithGlobals() as StanFlags;
  return { clusterId: o.clusterId, clientId: o.clientId };
}

/** Connects NATS with the global flags, then the STAN session on it. */
async function openStan(g: GlobalOptions, f: StanFlags): Promise<{ nc: NatsConnection; sc: Stan }> {
  const clientID = f.clientId ?? `nats-stack-${nuid.next()}`;
  if (!/^[a-zA-Z0-9_-]+$/.test(clientID)) throw usageError(`invalid --client-id '${clientID}'`, "use letters, digits, - and _");
  const nc = await connectNats(g);
  try {
    const sc = await connectAsync(f.clusterId, clientID, { nc, connectTimeout: g.timeout });
    return { nc, sc };
  } catch (e) {
    await nc.close();
    const err = e as Error;
    throw new CliError(CliErrorCode.Streaming, `could not open a NATS Streaming session on cluster '${f.clusterId}': ${err.message}`, {
      hint: /timeout|no responders/.test(err.message) ? "is a NATS Streaming server serving that cluster id? (--cluster-id)" : undefined,
    });
  }
}

async function closeStan(nc: NatsConnection, sc: Stan): Promise<void> {
  await sc.close().catch(() => {});
  await nc.close();
}

interface PubFlags {
  count: string;
  quiet?: boolean;
}

async function stanPub(channel: string, body: string | undefined, flags: PubFlags, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  checkSubject(channel);
  const count = parseWhole(flags.count, "--count", 1);
  const bodyT = new BodyTemplate(body ?? (await readStdinBody()));
  const { nc, sc } = await openStan(g, stanFlags(cmd));
  const bar = !flags.quiet && count > 20 ? countProgress("published", count) : undefined;
  try {
    for (let i = 1; i <= count; i++) {
      const data = bodyT.render({ count: i });
      let guid: string;
      try {
        guid = await sc.publishAsync(channel, data);
      } catch (e) {
        throw new CliError(CliErrorCode.Streaming, `publish to channel '${channel}' failed: ${(e as Error).message}`);
      }
      if (bar) bar.tick();
      else if (!flags.quiet) log(`Published ${Buffer.byteLength(data)} bytes to channel ${JSON.stringify(channel)} (guid ${guid})`);
    }
  } finally {
    bar?.stop();
    await closeStan(nc, sc);
  }
}

interface SubFlags {
  queue?: string;
  durable?: string;
  new?: boolean;
  all?: boolean;
  last?: boolean;
  seq?: string;
  since?: string;
  manualAcks?: boolean;
  ackWait?: string;
  maxInflight?: string;
  count?: string;
  raw?: boolean;
  json?: boolean;
  unsubscribe?: boolean;
}

function formatStanMessage(m: Message, n: number, flags: SubFlags): string {
  const data = m.getRawData();
  if (flags.json) {
    return (
      JSON.stringify({
        subject: m.getSubject(),
        seq: m.getSequence(),
        timestamp: m.getTimestamp().toISOString(),
        redelivered: m.isRedelivered(),
        data: Buffer.from(data).toString("utf8"),
        size: data.length,
      }) + "\n"
    );
  }
  if (flags.raw) return bodyText(data);
  const redelivered = m.isRedelivered() ? c.yellow(" (redelivered)") : "";
  return `${c.bold(`[#${n}] Received on ${JSON.stringify(m.getSubject())} seq ${m.getSequence()}`)} at ${m.getTimestamp().toISOString()}${redelivered}\n${bodyText(data)}\n`;
}

async function stanSub(channel: string, flags: SubFlags, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  checkSubject(channel);
  const starts = [flags.new, flags.all, flags.last, flags.seq !== undefined, flags.since !== undefined].filter(Boolean).length;
  if (starts > 1) throw usageError("choose one start position: --new, --all, --last, --seq or --since");
  const limit = flags.count !== undefined ? parseWhole(flags.count, "--count", 1) : 0;
  const seq = flags.seq !== undefined ? parseWhole(flags.seq, "--seq", 1) : 0;
  const since = flags.since !== undefined ? parseDuration(flags.since, "--since") : 0;
  const ackWait = flags.ackWait !== undefined ? parseDuration(flags.ackWait, "--ack-wait") : 0;
  // Both go in int32 fields of the SubscriptionRequest (the ack wait in whole seconds): checked before connecting.
  if (ackWait / 1000 > INT32_MAX) throw usageError(`--ack-wait '${flags.ackWait}' is too long`, "at most 68y");
  const maxInflight = flags.maxInflight !== undefined ? parseWhole(flags.maxInflight, "--max-inflight", 1, INT32_MAX) : 0;
  if (flags.raw && flags.json) throw usageError("--raw and --json cannot be used together");

  const { nc, sc } = await openStan(g, stanFlags(cmd));
  const interrupt = onInterrupt();
  let sub: Subscription | undefined;
  try {
    const opts = sc.subscriptionOptions();
    if (flags.all) opts.setDeliverAllAvailable();
    else if (flags.last) opts.setStartWithLastReceived();
    else if (seq) opts.setStartAtSequence(seq);
    else if (flags.since !== undefined) opts.setStartAtTimeDelta(since);
    if (flags.durable) opts.setDurableName(flags.durable);
    if (flags.manualAcks) opts.setManualAckMode(true);
    if (ackWait) opts.setAckWait(ackWait);
    if (maxInflight) opts.setMaxInFlight(maxInflight);

    let received = 0;
    let finish!: (e?: Error) => void;
    const done = new Promise<void>((resolve, reject) => (finish = (e) => (e ? reject(e) : resolve())));
    const s = sc.subscribe(channel, flags.queue, opts);
    sub = s;
    await new Promise<void>((resolve, reject) => {
      s.once("ready", () => resolve());
      s.once("error", (e: Error) => reject(new CliError(CliErrorCode.Streaming, `subscribe to channel '${channel}' failed: ${e.message}`)));
    });
    s.on("error", (e: Error) => finish(new CliError(CliErrorCode.Streaming, e.message)));
    s.on("message", (m: Message) => {
      if (limit && received >= limit) return;
      received++;
      process.stdout.write(formatStanMessage(m, received, flags));
      if (flags.manualAcks) m.ack();
      if (limit && received >= limit) finish();
    });
    if (!flags.raw && !flags.json) {
      const what = [flags.durable ? `durable ${JSON.stringify(flags.durable)}` : "", flags.queue ? `queue ${JSON.stringify(flags.queue)}` : ""].filter(Boolean).join(", ");
      log(`Subscribing on channel ${JSON.stringify(channel)}${what ? ` (${what})` : ""} of cluster ${JSON.stringify(stanFlags(cmd).clusterId)}`);
    }
    await Promise.race([done, interrupt.signal]);
  } finally {
    interrupt.dispose();
    if (sub && !sub.isClosed()) {
      // close keeps a durable's position for next time; --unsubscribe removes it.
      const ended = new Promise<void>((r) => {
        sub!.once("closed", () => r());
        sub!.once("unsubscribed", () => r());
        sub!.once("error", () => r());
        setTimeout(r, g.timeout).unref();
      });
      if (flags.unsubscribe) sub.unsubscribe();
      else sub.close();
      await ended;
    }
    await closeStan(nc, sc);
  }
}

/** Adds `stan pub` and `stan sub`. */
export const stanVerbs: VerbGroup = (program) => {
  const stan = program
    .command("stan")
    .description("NATS Streaming (STAN): publish and subscribe on channels")
    .option("--cluster-id <id>", "STAN cluster id", "test-cluster")
    .option("--client-id <id>", "STAN client id (default: a unique one)");

  stan
    .command("pub")
    .description("publish to a channel, waiting for each PubAck (templates allowed)")
    .argument("<channel>", "channel")
    .argument("[body]", "message body (read from stdin when omitted)")
    .option("--count <n>", "publish this many messages", "1")
    .option("-q, --quiet", "print nothing but errors")
    .action(stanPub);

  stan
    .command("sub")
    .description("subscribe to a channel and print what arrives")
    .argument("<channel>", "channel")
    .option("--queue <group>", "join a queue group")
    .option("--durable <name>", "durable name: the position is kept between runs")
    .option("--new", "only new messages (the default)")
    .option("--all", "deliver all available messages")
    .option("--last", "start with the last message received")
    .option("--seq <n>", "start at this sequence")
    .option("--since <duration>", "start with messages from this long ago")
    .option("--manual-acks", "ack each message after printing it")
    .option("--ack-wait <duration>", "how long the server waits for an ack before redelivering")
    .option("--max-inflight <n>", "unacked messages the server sends at most")
    .option("--count <n>", "exit after this many messages")
    .option("--unsubscribe", "on exit, unsubscribe (removes a durable) instead of closing")
    .option("-r, --raw", "print only the message bodies")
    .option("--json", "print one JSON object per message")
    .action(stanSub);
};
