/**
 * `stream add|ls|info|rm|purge|get|view`: JetStream streams with natscli's verbs, flags and layout, on
 * @nats-stack/jetstream. Human columns and tables by default, `--json` on every read verb (`stream ls --json`
 * is a JSON array of names, `stream info X --json` the server's StreamInfo), a question before `rm` and
 * `purge` unless `-f`, and failures as one line (`stream 'NOPE' not found`).
 */
import type { Command } from "commander";
import { checkSubject } from "@nats-stack/core";
import { DeliverPolicy, type Consumer, type JsMsg, type OrderedConsumerOptions, type PurgeOpts, type StreamInfo } from "@nats-stack/jetstream";
import { parseDuration } from "../args/duration";
import { parseWhole } from "../args/numbers";
import { collect } from "../args/repeatable";
import { globalOptions } from "../connection/global-options";
import { usageError } from "../output/cli-error";
import { log, print } from "../output/log";
import { Prompter } from "../output/prompt";
import { jsCall, type JsContext } from "../jetstream/js-errors";
import { withJetStream } from "../jetstream/js-session";
import { jsMsgJson, storedMessageJson, storedMessageText, viewMessageText } from "../jetstream/message-view";
import { checkStreamFlags, checkStreamName, streamConfig, type StreamAddFlags } from "../jetstream/stream-config-input";
import { infoJson, isSystemStream, renderStreamInfo, renderStreamTable } from "../jetstream/stream-view";
import type { VerbGroup } from "./verb-group";

/** Whether `-a/--all` (on `stream`) asks for the KV, object and MQTT streams too. */
function showAll(cmd: Command): boolean {
  return (cmd.optsWithGlobals() as { all?: boolean }).all === true;
}

async function add(name: string | undefined, flags: StreamAddFlags, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  const checked = checkStreamFlags(name, flags);
  const ask = new Prompter();
  try {
    await withJetStream(g, async (s) => {
      const cfg = await streamConfig(checked, flags, ask);
      const si = await jsCall({ action: `create stream '${cfg.name}'`, server: s.server }, () => s.jsm.streams.add(cfg));
      if (flags.json) return print(infoJson(si));
      log(`Stream ${cfg.name} was created`);
      print(renderStreamInfo(si));
    });
  } finally {
    ask.close();
  }
}

async function ls(flags: { subject?: string; names?: boolean; json?: boolean }, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  if (flags.subject !== undefined) checkSubject(flags.subject, { wildcards: true });
  const all = showAll(cmd);
  await withJetStream(g, async (s) => {
    const ctx = { action: "list the streams", server: s.server };
    if (flags.json || flags.names) {
      const names: string[] = [];
      await jsCall(ctx, async () => {
        for await (const n of s.jsm.streams.names(flags.subject)) if (all || !isSystemStream(n)) names.push(n);
      });
      names.sort();
      return print(flags.json ? JSON.stringify(names, null, 2) : names.join("\n"));
    }
    const infos: StreamInfo[] = [];
    let hidden = 0;
    await jsCall(ctx, async () => {
      for await (const si of s.jsm.streams.list(flags.subject)) {
        if (all || !isSystemStream(si.config.name)) infos.push(si);
        else hidden++;
      }
    });
    if (infos.length === 0) return print(hidden ? "No Streams defined, pass -a to include system streams" : "No Streams defined");
    print(renderStreamTable(infos, flags.subject));
  });
}

async function info(name: string, flags: { json?: boolean; state?: boolean }, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  checkStreamName(name);
  await withJetStream(g, async (s) => {
    const si = await jsCall({ action: `load stream '${name}'`, stream: name, server: s.server }, () => s.jsm.streams.info(name));
    print(flags.json ? infoJson(si) : renderStreamInfo(si, flags.state === true));
  });
}

async function rm(name: string, flags: { force?: boolean }, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  checkStreamName(name);
  const ask = new Prompter();
  try {
    await withJetStream(g, async (s) => {
      const ctx = { action: `delete stream '${name}'`, stream: name, server: s.server };
      if (!flags.force) {
        // Ask only about a stream that exists: a typo fails with "not found" before the question.
        await jsCall(ctx, () => s.jsm.streams.info(name));
        if (!(await ask.confirm(`Really delete Stream ${name}`, false, "-f to delete without asking"))) return log(`Stream ${name} was not deleted`);
      }
      await jsCall(ctx, () => s.jsm.streams.delete(name));
      log(`Deleted stream ${name}`);
    });
  } finally {
    ask.close();
  }
}

interface PurgeFlags {
  force?: boolean;
  subject?: string;
  seq?: string;
  keep?: string;
  json?: boolean;
}

async function purge(name: string, flags: PurgeFlags, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  checkStreamName(name);
  if (flags.subject !== undefined) checkSubject(flags.subject, { wildcards: true });
  const seq = flags.seq !== undefined ? parseWhole(flags.seq, "--seq", 1) : undefined;
  const keep = flags.keep !== undefined ? parseWhole(flags.keep, "--keep", 1) : undefined;
  if (seq !== undefined && keep !== undefined) throw usageError("--seq and --keep cannot be combined when purging");
  const opts: PurgeOpts | undefined =
    seq !== undefined ? { seq, ...(flags.subject ? { filter: flags.subject } : {}) } : keep !== undefined ? { keep, ...(flags.subject ? { filter: flags.subject } : {}) } : flags.subject ? { filter: flags.subject } : undefined;
  const ask = new Prompter();
  try {
    await withJetStream(g, async (s) => {
      const ctx = { action: `purge stream '${name}'`, stream: name, server: s.server };
      if (!flags.force) {
        await jsCall(ctx, () => s.jsm.streams.info(name));
        if (!(await ask.confirm(`Really purge Stream ${name}`, false, "-f to purge without asking"))) return log(`Stream ${name} was not purged`);
      }
      const r = await jsCall(ctx, () => s.jsm.streams.purge(name, opts));
      if (flags.json) return print(infoJson(r));
      log(`Purged ${r.purged.toLocaleString("en-US")} messages from ${name}`);
      print(renderStreamInfo(await jsCall(ctx, () => s.jsm.streams.info(name)), true));
    });
  } finally {
    ask.close();
  }
}

async function get(name: string, seqText: string | undefined, flags: { lastFor?: string; json?: boolean }, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  checkStreamName(name);
  if (flags.lastFor !== undefined) checkSubject(flags.lastFor, { wildcards: true });
  let seq = seqText !== undefined ? parseWhole(seqText, "the sequence", 1) : undefined;
  if (seq !== undefined && flags.lastFor !== undefined) throw usageError("give a sequence or --last-for SUBJECT, not both");
  const ask = new Prompter();
  try {
    await withJetStream(g, async (s) => {
      const ctx = { action: `read from stream '${name}'`, stream: name, server: s.server };
      await jsCall(ctx, () => s.jsm.streams.info(name));
      let lastFor = flags.lastFor;
      if (seq === undefined && lastFor === undefined) {
        // natscli asks for a sequence, and for a subject when none (-1) is given.
        const a = await ask.ask("Message Sequence to retrieve", { default: "-1", flag: "a sequence or --last-for SUBJECT", check: (x) => (/^(-1|\d+)$/.test(x) ? undefined : "a sequence, or -1 for the last message on a subject") });
        if (a !== "-1") seq = Number(a);
        else lastFor = await ask.ask("Subject to retrieve last message for", { flag: "--last-for SUBJECT", check: (x) => (tryCheck(x) ? undefined : "a subject") });
      }
      const sm = await jsCall(ctx, () => s.jsm.streams.getMessage(name, seq !== undefined ? { seq } : { last_by_subj: lastFor! }));
      if (!sm) throw usageError(seq !== undefined ? `stream ${name} has no message ${seq}` : `stream ${name} has no message on ${lastFor}`);
      print(flags.json ? JSON.stringify(storedMessageJson(name, sm)) : storedMessageText(name, sm));
    });
  } finally {
    ask.close();
  }
}

function tryCheck(subject: string): boolean {
  try {
    checkSubject(subject, { wildcards: true });
    return true;
  } catch {
    return false;
  }
}

interface ViewFlags {
  id?: string;
  since?: string;
  raw?: boolean;
  subject?: string;
  json?: boolean;
}

async function view(name: string, sizeText: string, flags: ViewFlags, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  checkStreamName(name);
  let size = parseWhole(sizeText, "the page size", 1);
  if (size > 25) {
    log("Page size is limited to 25, setting to 25...");
    size = 25;
  }
  if (flags.subject !== undefined) checkSubject(flags.subject, { wildcards: true });
  if (flags.raw && flags.json) throw usageError("--raw and --json cannot be used together");
  if (flags.id !== undefined && flags.since !== undefined) throw usageError("give --id or --since, not both");
  const opts: Partial<OrderedConsumerOptions> = {};
  if (flags.id !== undefined) Object.assign(opts, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: parseWhole(flags.id, "--id", 1) });
  if (flags.since !== undefined) Object.assign(opts, { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(Date.now() - parseDuration(flags.since, "--since")).toISOString() });
  if (flags.subject !== undefined) opts.filter_subjects = flags.subject;
  // Pages follow each other on their own off a terminal (a pipe gets everything); a person is asked.
  const interactive = process.stdout.isTTY === true && process.stdin.isTTY === true;
  const ask = new Prompter();
  try {
    await withJetStream(g, async (s) => {
      const ctx: JsContext = { action: `read stream '${name}'`, stream: name, server: s.server };
      const si = await jsCall(ctx, () => s.jsm.streams.info(name));
      if (si.state.messages === 0) return log(`Stream ${name} holds no messages`);
      const consumer = await jsCall(ctx, () => s.js.consumers.get(name, opts));
      try {
        for (;;) {
          const msgs = await jsCall(ctx, () => fetchPage(consumer, size, Math.max(1000, g.timeout)));
          for (const m of msgs) {
            if (flags.json) print(JSON.stringify(jsMsgJson(m)));
            else if (flags.raw) print(Buffer.from(m.data).toString("utf8"));
            else process.stdout.write(viewMessageText(m));
          }
          const last = msgs[msgs.length - 1];
          if (!last || last.info.pending === 0) return log("Reached apparent end of data");
          if (interactive && !(await ask.confirm("Next Page", true))) return;
        }
      } finally {
        // The ordered consumer would otherwise linger on the server until its inactive threshold.
        await consumer.delete().catch(() => {});
      }
    });
  } finally {
    ask.close();
  }
}

/** One page of an ordered consumer; it ends early at the last message (a short page does not wait). */
async function fetchPage(consumer: Consumer, size: number, expires: number): Promise<JsMsg[]> {
  const msgs: JsMsg[] = [];
  for await (const m of await consumer.fetch({ max_messages: size, expires })) {
    msgs.push(m);
    if (m.info.pending === 0) break;
  }
  return msgs;
}

/** Adds `stream` and its verbs. */
export const streamVerbs: VerbGroup = (program) => {
  const stream = program
    .command("stream")
    .alias("str")
    .description("JetStream stream management")
    .option("-a, --all", "include the KV, object store and MQTT streams when listing");

  stream
    .command("add")
    .alias("create")
    .description("create a stream (asks for what the flags leave open, unless --defaults)")
    .argument("[stream]", "stream name")
    .option("--subjects <subjects>", "subjects the stream stores (repeat, or separate with commas or spaces)", collect)
    .option("--description <text>", "a description of the stream")
    .option("--storage <type>", "storage backend: file or memory")
    .option("--replicas <n>", "replicas of the data, when clustered")
    .option("--retention <policy>", "retention policy: limits, interest or work")
    .option("--discard <policy>", "discard policy when full: new or old")
    .option("--max-age <duration>", "maximum age of messages to keep (1h, 7d, 1y; -1 unlimited)")
    .option("--max-bytes <size>", "maximum bytes to keep (1GB; -1 unlimited)")
    .option("--max-consumers <n>", "maximum number of consumers (-1 unlimited)")
    .option("--max-msg-size <size>", "maximum size of one message (-1 unlimited)")
    .option("--max-msgs <n>", "maximum messages to keep (-1 unlimited)")
    .option("--max-msgs-per-subject <n>", "maximum messages to keep per subject (-1 unlimited)")
    .option("--dupe-window <duration>", "window of duplicate message tracking (default 2m)")
    .option("--allow-rollup", "allow roll-ups with the Nats-Rollup header")
    .option("--no-allow-rollup", "do not allow roll-ups")
    .option("--deny-delete", "deny deleting messages through the API")
    .option("--no-deny-delete", "allow deleting messages through the API")
    .option("--deny-purge", "deny purging the stream through the API")
    .option("--no-deny-purge", "allow purging the stream through the API")
    .option("--allow-direct", "allow direct gets (the default)")
    .option("--no-allow-direct", "do not allow direct gets")
    .option("--no-ack", "do not acknowledge publishes")
    .option("--config <file>", "JSON file with the configuration (a StreamConfig, or `stream info --json` output)")
    .option("--defaults", "accept the default of every question")
    .option("-j, --json", "print the created stream's info as JSON")
    .action(add);

  stream
    .command("ls")
    .alias("list")
    .description("list the streams")
    .option("--subject <subject>", "only streams storing this subject")
    .option("-n, --names", "only the stream names")
    .option("-j, --json", "a JSON array of the stream names")
    .action(ls);

  stream
    .command("info")
    .description("a stream's configuration and state")
    .argument("<stream>", "stream name")
    .option("-j, --json", "the server's StreamInfo JSON")
    .option("--state", "only the state")
    .action(info);

  stream
    .command("rm")
    .alias("delete")
    .alias("del")
    .description("delete a stream and its messages (asks first, unless -f)")
    .argument("<stream>", "stream name")
    .option("-f, --force", "delete without asking")
    .action(rm);

  stream
    .command("purge")
    .description("remove messages from a stream (asks first, unless -f)")
    .argument("<stream>", "stream name")
    .option("-f, --force", "purge without asking")
    .option("--subject <subject>", "only messages on this subject")
    .option("--seq <n>", "messages up to (not including) this sequence")
    .option("--keep <n>", "keep this many of the newest messages")
    .option("-j, --json", "print the server's answer as JSON")
    .action(purge);

  stream
    .command("get")
    .description("one stored message, by sequence or the last on a subject")
    .argument("<stream>", "stream name")
    .argument("[seq]", "message sequence")
    .option("-S, --last-for <subject>", "the last message on this subject")
    .option("-j, --json", "print the message as JSON")
    .action(get);

  stream
    .command("view")
    .description("page through a stream's messages")
    .argument("<stream>", "stream name")
    .argument("[size]", "page size (at most 25)", "10")
    .option("--id <seq>", "start at this sequence")
    .option("--since <duration>", "start with messages from this long ago")
    .option("--subject <subject>", "only messages on this subject")
    .option("--raw", "only the message bodies")
    .option("-j, --json", "one JSON object per message")
    .action(view);
};
