/**
 * `pub` and `sub`, as natscli's: publish one or `--count` messages made from templates, with `-H` headers;
 * subscribe to one or more subjects, in a `--queue` group, until `--count` messages, `--wait` without
 * traffic, or Ctrl-C, printing natscli's pretty form, the `--raw` body, or `--json` lines.
 */
import { Option, type Command } from "commander";
import { checkSubject, delay, type NatsConnection, type Subscription } from "@nats-stack/core";
import { parseTimerDuration } from "../args/duration";
import { parseWhole } from "../args/numbers";
import { readStdinBody } from "../args/stdin-body";
import { AsyncErrors, serverError } from "../connection/async-errors";
import { connectNats } from "../connection/connect";
import { globalOptions } from "../connection/global-options";
import { usageError } from "../output/cli-error";
import { onInterrupt } from "../output/interrupt";
import { log } from "../output/log";
import { formatMessage, type PrintStyle } from "../output/message-print";
import { countProgress } from "../output/count-progress";
import { BodyTemplate } from "../templates/body-template";
import { collect } from "../args/repeatable";
import { HeaderArgs } from "../templates/header-args";
import type { VerbGroup } from "./verb-group";

const enc = new TextEncoder();

interface PubFlags {
  header?: string[];
  count: string;
  sleep?: string;
  reply?: string;
  quiet?: boolean;
  templates: boolean;
}

async function publish(subject: string, body: string | undefined, flags: PubFlags, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  const count = parseWhole(flags.count, "--count", 1);
  const sleep = flags.sleep ? parseTimerDuration(flags.sleep, "--sleep") : 0;
  const subjectT = flags.templates ? new BodyTemplate(subject) : undefined;
  checkSubject(subjectT ? subjectT.render({ count: 1 }) : subject);
  if (flags.reply !== undefined) checkSubject(flags.reply);
  const hdrs = new HeaderArgs(flags.header);
  const text = body ?? (await readStdinBody());
  const bodyT = flags.templates ? new BodyTemplate(text) : undefined;

  const nc = await connectNats(g);
  const errors = new AsyncErrors(nc);
  const bar = !flags.quiet && count > 20 ? countProgress("published", count) : undefined;
  try {
    for (let i = 1; i <= count; i++) {
      const ctx = { count: i };
      const s = subjectT ? subjectT.render(ctx) : subject;
      const data = enc.encode(bodyT ? bodyT.render(ctx) : text);
      nc.publish(s, data, { headers: hdrs.build(ctx), reply: flags.reply });
      if (bar) bar.tick();
      else if (!flags.quiet) log(`Published ${data.length} bytes to ${JSON.stringify(s)}`);
      if (sleep > 0 && i < count) await delay(sleep);
      // Bound what waits in the client's buffer on a long run.
      else if (i % 1000 === 0) await nc.flush();
    }
    await nc.flush();
    await errors.check();
  } finally {
    bar?.stop();
    await nc.close();
  }
}

interface SubFlags extends PrintStyle {
  queue?: string;
  count?: string;
  wait?: string;
}

async function subscribe(subjects: string[], flags: SubFlags, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  if (subjects.length === 0) throw usageError("sub needs a subject", "nats-stack sub 'demo.>'");
  for (const s of subjects) checkSubject(s, { wildcards: true });
  const limit = flags.count !== undefined ? parseWhole(flags.count, "--count", 1) : 0;
  const wait = flags.wait !== undefined ? parseTimerDuration(flags.wait, "--wait") : 0;
  if (flags.raw && flags.json) throw usageError("--raw and --json cannot be used together");

  const nc: NatsConnection = await connectNats(g);
  const errors = new AsyncErrors(nc);
  const interrupt = onInterrupt();
  let received = 0;
  let finish!: (e?: Error) => void;
  const done = new Promise<void>((resolve, reject) => (finish = (e) => (e ? reject(e) : resolve())));
  let idle: ReturnType<typeof setTimeout> | undefined;
  const armIdle = () => {
    if (!wait) return;
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => finish(), wait);
  };
  const subs: Subscription[] = [];
  try {
    for (const s of subjects) {
      subs.push(
        nc.subscribe(s, {
          queue: flags.queue,
          callback: (err, m) => {
            if (err) return finish(serverError(err));
            if (limit && received >= limit) return;
            received++;
            process.stdout.write(formatMessage(m, received, flags));
            if (limit && received >= limit) finish();
            else armIdle();
          },
        }),
      );
    }
    errors.onError((e) => finish(serverError(e)));
    await nc.flush();
    await errors.check();
    if (!flags.raw && !flags.json) {
      log(`Subscribing on ${subjects.join(", ")}${flags.queue ? ` in group ${JSON.stringify(flags.queue)}` : ""}`);
    }
    armIdle();
    await Promise.race([done, interrupt.signal]);
  } finally {
    interrupt.dispose();
    if (idle) clearTimeout(idle);
    for (const s of subs) s.unsubscribe();
    await nc.close();
  }
}

/** Adds `pub` (alias `publish`) and `sub` (alias `subscribe`). */
export const pubSubVerbs: VerbGroup = (program) => {
  program
    .command("pub")
    .alias("publish")
    .description("publish messages (body and subject may use templates: {{Count}}, {{TimeStamp}}, {{Random 10 100}}…)")
    .argument("<subject>", "subject to publish to")
    .argument("[body]", "message body (read from stdin when omitted)")
    .option("-H, --header <key:value>", "add a header (repeatable; values may use templates)", collect)
    .option("--count <n>", "publish this many messages", "1")
    .option("--sleep <duration>", "sleep between messages")
    .option("--reply <subject>", "set a reply subject")
    .option("-q, --quiet", "print nothing but errors")
    .addOption(new Option("--no-templates", "send body and subject as written, without templates"))
    .action(publish);

  program
    .command("sub")
    .alias("subscribe")
    .description("subscribe to subjects and print what arrives")
    .argument("[subjects...]", "subjects to subscribe to (wildcards allowed)")
    .option("--queue <group>", "subscribe in a queue group")
    .option("--count <n>", "exit after this many messages")
    .option("--wait <duration>", "exit after this long without a message")
    .option("-r, --raw", "print only the message bodies")
    .option("--headers", "with --raw, print the headers before each body")
    .option("--headers-only", "print headers but no bodies")
    .option("--json", "print one JSON object per message")
    .option("-t, --timestamp", "show the time each message arrived")
    .action(subscribe);
};
