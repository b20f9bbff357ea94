/**
 * `consumer add|ls|info|next|rm`: JetStream consumers with natscli's verbs, flags and layout, on
 * @nats-stack/jetstream. `next` pulls from a pull consumer and acks (or naks, or terms) what it printed;
 * `--json` on every read verb; a question before `rm` unless `-f`; failures as one line.
 */
import type { Command } from "commander";
import type { ConsumerInfo, JetStreamManager, JsMsg } from "@nats-stack/jetstream";
import { parseDuration } from "../args/duration";
import { parseWhole } from "../args/numbers";
import { collect } from "../args/repeatable";
import { globalOptions } from "../connection/global-options";
import { usageError } from "../output/cli-error";
import { log, print } from "../output/log";
import { Prompter } from "../output/prompt";
import { checkConsumerFlags, checkConsumerName, consumerConfig, type ConsumerAddFlags } from "../jetstream/consumer-config-input";
import { renderConsumerInfo, renderConsumerTable } from "../jetstream/consumer-view";
import { jsCall, type JsContext } from "../jetstream/js-errors";
import { withJetStream } from "../jetstream/js-session";
import { jsMsgJson, nextMessageText } from "../jetstream/message-view";
import { checkStreamName } from "../jetstream/stream-config-input";
import { infoJson } from "../jetstream/stream-view";
import type { VerbGroup } from "./verb-group";

async function add(streamArg: string | undefined, nameArg: string | undefined, flags: ConsumerAddFlags, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  if (streamArg !== undefined) checkStreamName(streamArg);
  checkConsumerFlags(nameArg, flags);
  const ask = new Prompter();
  try {
    await withJetStream(g, async (s) => {
      const stream = streamArg ?? checkStreamName(await ask.ask("Stream", { flag: "the stream name as an argument" }));
      // The stream must exist before its consumer's questions are worth asking.
      await jsCall({ action: `load stream '${stream}'`, stream, server: s.server }, () => s.jsm.streams.info(stream));
      const cfg = await consumerConfig(nameArg, flags, ask);
      const label = cfg.durable_name ?? cfg.name ?? "(ephemeral)";
      const ci = await jsCall({ action: `create consumer '${stream} > ${label}'`, stream, server: s.server }, () => s.jsm.consumers.add(stream, cfg));
      if (flags.json) return print(infoJson(ci));
      log(`Consumer ${stream} > ${ci.name} was created`);
      print(renderConsumerInfo(ci));
    });
  } finally {
    ask.close();
  }
}

async function ls(stream: string, flags: { names?: boolean; json?: boolean }, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  checkStreamName(stream);
  await withJetStream(g, async (s) => {
    const ctx: JsContext = { action: `list the consumers of '${stream}'`, stream, server: s.server };
    // A missing stream is "not found", not an empty list.
    await jsCall(ctx, () => s.jsm.streams.info(stream));
    const infos: ConsumerInfo[] = [];
    await jsCall(ctx, async () => {
      for await (const ci of s.jsm.consumers.list(stream)) infos.push(ci);
    });
    infos.sort((a, b) => a.name.localeCompare(b.name));
    if (flags.json) return print(JSON.stringify(infos.map((ci) => ci.name), null, 2));
    if (flags.names) return print(infos.map((ci) => ci.name).join("\n"));
    if (infos.length === 0) return print("No Consumers defined");
    print(renderConsumerTable(infos));
  });
}

async function info(stream: string, name: string, flags: { json?: boolean }, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  checkStreamName(stream);
  checkConsumerName(name);
  await withJetStream(g, async (s) => {
    const ci = await consumerInfo(s.jsm, { action: `load consumer '${stream} > ${name}'`, stream, consumer: name, server: s.server });
    print(flags.json ? infoJson(ci) : renderConsumerInfo(ci));
  });
}

/** A consumer's info; a missing stream is reported as such, not as a missing consumer. */
async function consumerInfo(jsm: JetStreamManager, ctx: JsContext): Promise<ConsumerInfo> {
  return jsCall(ctx, async () => {
    try {
      return await jsm.consumers.info(ctx.stream!, ctx.consumer!);
    } catch (e) {
      // The server answers "consumer not found" for a missing stream too: tell which one is missing.
      await jsm.streams.info(ctx.stream!);
      throw e;
    }
  });
}

async function rm(stream: string, name: string, flags: { force?: boolean }, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  checkStreamName(stream);
  checkConsumerName(name);
  const ask = new Prompter();
  try {
    await withJetStream(g, async (s) => {
      const ctx: JsContext = { action: `delete consumer '${stream} > ${name}'`, stream, consumer: name, server: s.server };
      await consumerInfo(s.jsm, ctx);
      if (!flags.force && !(await ask.confirm(`Really delete Consumer ${stream} > ${name}`, false, "-f to delete without asking"))) {
        return log(`Consumer ${stream} > ${name} was not deleted`);
      }
      await jsCall(ctx, () => s.jsm.consumers.delete(stream, name));
      log(`Deleted consumer ${stream} > ${name}`);
    });
  } finally {
    ask.close();
  }
}

interface NextFlags {
  /** Undefined unless --ack or --no-ack was given (acknowledging is the default). */
  ack?: boolean;
  nak?: boolean;
  term?: boolean;
  raw?: boolean;
  json?: boolean;
  wait?: string;
  count: string;
}

async function next(stream: string, name: string, flags: NextFlags, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  checkStreamName(stream);
  checkConsumerName(name);
  const count = parseWhole(flags.count, "--count", 1);
  const ackWait = flags.wait !== undefined ? parseDuration(flags.wait, "--wait") : 0;
  if (flags.raw && flags.json) throw usageError("--raw and --json cannot be used together");
  // natscli: --term replaces the ack unless --ack was given too, which is a contradiction.
  let ack = flags.ack ?? true;
  if (flags.term) {
    if (flags.ack === true) throw usageError("can not both Acknowledge and Terminate message");
    if (flags.nak) throw usageError("can not both Negative Acknowledge and Terminate message");
    ack = false;
  }
  if (flags.nak && flags.ack === true) throw usageError("can not both Acknowledge and NaK message");
  await withJetStream(g, async (s) => {
    const ctx: JsContext = { action: `read from consumer '${stream} > ${name}'`, stream, consumer: name, server: s.server };
    await consumerInfo(s.jsm, ctx);
    const c = await jsCall(ctx, () => s.js.consumers.get(stream, name));
    for (let i = 0; i < count; i++) {
      const m: JsMsg | null = await jsCall(ctx, () => c.next({ expires: Math.max(1000, g.timeout) }));
      if (!m) throw usageError(`no message received from consumer ${stream} > ${name} within ${Math.max(1000, g.timeout) / 1000}s`, "is anything pending? `nats-stack consumer info` shows it");
      if (flags.json) print(JSON.stringify(jsMsgJson(m)));
      else if (flags.raw) process.stdout.write(Buffer.from(m.data).toString("utf8") + "\n");
      else process.stdout.write(nextMessageText(m));
      if (flags.term) {
        m.term();
        if (!flags.raw && !flags.json) log("Terminated message");
      } else if (flags.nak || ack) {
        // natscli's --wait: hold the ack for a random part of the period (simulates work).
        if (ackWait > 0) await new Promise((r) => setTimeout(r, Math.floor(Math.random() * ackWait)));
        if (flags.nak) m.nak();
        else m.ack();
        if (!flags.raw && !flags.json) log(`${flags.nak ? "Negative " : ""}Acknowledged message`);
      }
    }
    // The acknowledgements leave before the connection closes.
    await s.nc.flush();
  });
}

/** Adds `consumer` and its verbs. */
export const consumerVerbs: VerbGroup = (program) => {
  const consumer = program.command("consumer").alias("con").description("JetStream consumer management");

  consumer
    .command("add")
    .alias("create")
    .description("create a consumer (asks for what the flags leave open, unless --defaults)")
    .argument("[stream]", "stream name")
    .argument("[consumer]", "consumer name")
    .option("--ack <policy>", "acknowledgement policy: none, all or explicit")
    .option("--deliver <policy>", "start policy: all, new, last, subject, 1h, or a sequence")
    .option("--deliver-group <group>", "push consumers: deliver only to subscriptions in this queue group")
    .option("--description <text>", "a description of the consumer")
    .option("--ephemeral", "an ephemeral consumer (removed when idle)")
    .option("--filter <subjects>", "only messages on these subjects (repeatable)", collect)
    .option("--flow-control", "push consumers: flow control")
    .option("--heartbeat <duration>", "push consumers: idle heartbeats (-1 none)")
    .option("--headers-only", "deliver only headers, no bodies")
    .option("--no-headers-only", "deliver headers and bodies")
    .option("--max-deliver <n>", "maximum deliveries of a message (-1 unlimited)")
    .option("--max-pending <n>", "maximum acknowledgements pending before delivery pauses (0 unlimited)")
    .option("--max-waiting <n>", "pull consumers: maximum waiting pull requests")
    .option("--pull", "a pull consumer")
    .option("--replay <policy>", "replay policy: instant or original")
    .option("--target <subject>", "a push consumer delivering to this subject")
    .option("--wait <duration>", "how long the server waits for an acknowledgement")
    .option("--inactive-threshold <duration>", "how long an idle ephemeral consumer lives")
    .option("--memory", "keep the consumer's state in memory")
    .option("--replicas <n>", "replicas of the consumer's state (default: the stream's)")
    .option("--defaults", "accept the default of every question")
    .option("-j, --json", "print the created consumer's info as JSON")
    .action(add);

  consumer
    .command("ls")
    .alias("list")
    .description("list the consumers of a stream")
    .argument("<stream>", "stream name")
    .option("-n, --names", "only the consumer names")
    .option("-j, --json", "a JSON array of the consumer names")
    .action(ls);

  consumer
    .command("info")
    .description("a consumer's configuration and state")
    .argument("<stream>", "stream name")
    .argument("<consumer>", "consumer name")
    .option("-j, --json", "the server's ConsumerInfo JSON")
    .action(info);

  consumer
    .command("next")
    .description("pull messages from a pull consumer, acknowledging each")
    .argument("<stream>", "stream name")
    .argument("<consumer>", "consumer name")
    .option("--ack", "acknowledge the message (the default)")
    .option("--no-ack", "do not acknowledge the message")
    .option("--nak", "negatively acknowledge the message (redelivered at once)")
    .option("--term", "terminate the message (never redelivered)")
    .option("-r, --raw", "only the message body")
    .option("-j, --json", "one JSON object per message")
    .option("--wait <duration>", "hold each acknowledgement for a random part of this period")
    .option("--count <n>", "messages to pull", "1")
    .action(next);

  consumer
    .command("rm")
    .alias("delete")
    .alias("del")
    .description("delete a consumer (asks first, unless -f)")
    .argument("<stream>", "stream name")
    .argument("<consumer>", "consumer name")
    .option("-f, --force", "delete without asking")
    .action(rm);
};
