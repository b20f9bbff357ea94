/**
 * `req` and `reply`, as natscli's: send requests (templates, `-H` headers, `--count` requests, `--replies`
 * to gather several answers) and print each reply body with its round trip; answer requests with a fixed
 * body (a template that may use {{Request}}), `--echo`, or the output of `--command` run per request.
 */
import { execFile } from "node:child_process";
import { Option, type Command } from "commander";
import { checkSubject, delay, headers as makeHeaders, type Msg, type MsgHdrs } from "@nats-stack/core";
import { formatDuration, parseTimerDuration } from "../args/duration";
import { parseWhole } from "../args/numbers";
import { readStdinBody } from "../args/stdin-body";
import { AsyncErrors, serverError } from "../connection/async-errors";
import { connectNats } from "../connection/connect";
import { globalOptions } from "../connection/global-options";
import { requestFailure } from "../connection/request-failure";
import { usageError } from "../output/cli-error";
import { onInterrupt } from "../output/interrupt";
import { log } from "../output/log";
import { bodyText, headerLines, messageJson } from "../output/message-print";
import { BodyTemplate } from "../templates/body-template";
import { collect } from "../args/repeatable";
import { HeaderArgs } from "../templates/header-args";
import { shellWords } from "../templates/shell-words";
import type { VerbGroup } from "./verb-group";

const enc = new TextEncoder();
const dec = new TextDecoder();

interface ReqFlags {
  header?: string[];
  count: string;
  replies: string;
  raw?: boolean;
  json?: boolean;
  templates: boolean;
}

function showReply(m: Msg, rttMs: number, n: number, flags: ReqFlags): void {
  if (flags.json) {
    process.stdout.write(JSON.stringify(messageJson(m, { rtt_ms: Number(rttMs.toFixed(3)), request: n })) + "\n");
  } else if (flags.raw) {
    process.stdout.write(bodyText(m.data));
  } else {
    log(`Received with rtt ${formatDuration(rttMs)}`);
    const h = headerLines(m.headers);
    for (const line of h) log(line);
    process.stdout.write(bodyText(m.data));
  }
}

async function request(subject: string, body: string | undefined, flags: ReqFlags, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  const count = parseWhole(flags.count, "--count", 1);
  const replies = parseWhole(flags.replies, "--replies", 0);
  if (flags.raw && flags.json) throw usageError("--raw and --json cannot be used together");
  const subjectT = flags.templates ? new BodyTemplate(subject) : undefined;
  checkSubject(subjectT ? subjectT.render({ count: 1 }) : subject);
  const hdrs = new HeaderArgs(flags.header);
  const text = body ?? (await readStdinBody());
  const bodyT = flags.templates ? new BodyTemplate(text) : undefined;

  const nc = await connectNats(g);
  const quiet = flags.raw || flags.json;
  try {
    for (let i = 1; i <= count; i++) {
      const ctx = { count: i };
      const s = subjectT ? subjectT.render(ctx) : subject;
      const data = enc.encode(bodyT ? bodyT.render(ctx) : text);
      const h = hdrs.build(ctx);
      if (!quiet) log(`Sending request on ${JSON.stringify(s)}`);
      const start = performance.now();
      try {
        if (replies === 1) {
          const m = await nc.request(s, data, { timeout: g.timeout, headers: h });
          showReply(m, performance.now() - start, i, flags);
        } else {
          // --replies 0 gathers until the timeout; N stops at N answers or the timeout.
          const it = await nc.requestMany(s, data, {
            strategy: replies === 0 ? "timer" : "count",
            maxMessages: replies || undefined,
            maxWait: g.timeout,
            headers: h,
          });
          let got = 0;
          for await (const m of it) {
            got++;
            showReply(m, performance.now() - start, i, flags);
          }
          if (got === 0) throw Object.assign(new Error("timeout"), { name: "TimeoutError" });
        }
      } catch (e) {
        throw requestFailure(e, s, g.timeout);
      }
    }
  } finally {
    await nc.close();
  }
}

interface ReplyFlags {
  echo?: boolean;
  command?: string;
  queue: string;
  sleep?: string;
  header?: string[];
  count?: string;
  templates: boolean;
}

function runCommand(line: string, m: Msg, n: number): Promise<Uint8Array> {
  const request = dec.decode(m.data);
  // natscli: {{0}}, {{1}}… are the tokens of the request's subject.
  const tokens = m.subject.split(".");
  const withTokens = line.replace(/\{\{(\d+)\}\}/g, (all, i: string) => tokens[Number(i)] ?? all);
  const words = shellWords(new BodyTemplate(withTokens).render({ count: n, request }));
  if (words.length === 0) return Promise.resolve(new Uint8Array());
  return new Promise((resolve) => {
    execFile(
      words[0]!,
      words.slice(1),
      { env: { ...process.env, NATS_REQUEST_SUBJECT: m.subject, NATS_REQUEST_BODY: request }, encoding: "buffer", maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        if (err) log(`Command ${JSON.stringify(words.join(" "))} failed: ${err.message.split("\n")[0]}`);
        resolve(new Uint8Array(Buffer.concat([stdout ?? Buffer.alloc(0), stderr ?? Buffer.alloc(0)])));
      },
    );
  });
}

async function reply(subject: string, body: string | undefined, flags: ReplyFlags, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  checkSubject(subject, { wildcards: true });
  const limit = flags.count !== undefined ? parseWhole(flags.count, "--count", 1) : 0;
  const sleepMax = flags.sleep ? parseTimerDuration(flags.sleep, "--sleep") : 0;
  const hdrs = new HeaderArgs(flags.header);
  if (flags.command !== undefined) shellWords(flags.command);
  let echo = flags.echo === true;
  if (!body && flags.command === undefined && !echo) {
    log("No body or command supplied, enabling echo mode");
    echo = true;
  }
  const bodyT = body !== undefined && flags.templates ? new BodyTemplate(body) : undefined;

  const nc = await connectNats(g);
  const errors = new AsyncErrors(nc);
  const interrupt = onInterrupt();
  let n = 0;
  let answered = 0;
  let finish!: (e?: Error) => void;
  const done = new Promise<void>((resolve, reject) => (finish = (e) => (e ? reject(e) : resolve())));
  // One request at a time, in arrival order, as natscli's handler runs.
  let chain = Promise.resolve();
  const handle = async (m: Msg): Promise<void> => {
    const i = ++n;
    log(`[#${i}] Received on subject ${JSON.stringify(m.subject)}:`);
    for (const line of headerLines(m.headers)) log(line);
    process.stdout.write("\n" + bodyText(m.data));
    if (sleepMax > 0) await delay(Math.floor(Math.random() * sleepMax));
    let h: MsgHdrs | undefined = hdrs.build({ count: i, request: dec.decode(m.data) });
    let data: Uint8Array;
    if (echo) {
      h ??= makeHeaders();
      if (m.headers) for (const k of m.headers.keys()) for (const v of m.headers.values(k)) h.append(k, v);
      h.set("NATS-Reply-Counter", String(i));
      data = m.data;
    } else if (flags.command !== undefined) {
      data = await runCommand(flags.command, m, i);
    } else {
      data = enc.encode(bodyT ? bodyT.render({ count: i, request: dec.decode(m.data) }) : (body ?? ""));
    }
    if (!m.respond(data, { headers: h })) log(`[#${i}] no reply subject: nothing sent`);
    answered++;
    if (limit && answered >= limit) finish();
  };
  try {
    nc.subscribe(subject, {
      queue: flags.queue,
      max: limit || undefined,
      callback: (err, m) => {
        if (err) return finish(serverError(err));
        chain = chain.then(() => handle(m)).catch((e) => finish(e as Error));
      },
    });
    errors.onError((e) => finish(serverError(e)));
    await nc.flush();
    await errors.check();
    log(`Listening on ${JSON.stringify(subject)} in group ${JSON.stringify(flags.queue)}`);
    await Promise.race([done, interrupt.signal]);
    await nc.flush();
  } finally {
    interrupt.dispose();
    await nc.drain().catch(() => nc.close());
  }
}

/** Adds `req` (alias `request`) and `reply`. */
export const requestVerbs: VerbGroup = (program) => {
  program
    .command("req")
    .alias("request")
    .description("send a request and print the reply body and its round trip")
    .argument("<subject>", "subject to send the request to")
    .argument("[body]", "request body (read from stdin when omitted; templates allowed)")
    .option("-H, --header <key:value>", "add a header (repeatable; values may use templates)", collect)
    .option("--count <n>", "send this many requests, one after another", "1")
    .option("--replies <n>", "wait for this many replies per request (0: all until --timeout)", "1")
    .option("-r, --raw", "print only the reply bodies")
    .option("--json", "print one JSON object per reply (with rtt_ms)")
    .addOption(new Option("--no-templates", "send body and subject as written, without templates"))
    .action(request);

  program
    .command("reply")
    .description("answer requests with a body, --echo, or the output of --command")
    .argument("<subject>", "subject to listen on (wildcards allowed)")
    .argument("[body]", "reply body (templates allowed, {{Request}} is the request body)")
    .option("--echo", "reply with the request's body and headers")
    .option("--command <command>", "run this command per request and reply with its output ({{0}}… are subject tokens)")
    .option("-q, --queue <group>", "queue group", "NATS-RPLY-22")
    .option("--sleep <duration>", "wait a random time up to this before each reply")
    .option("-H, --header <key:value>", "add a header to replies (repeatable)", collect)
    .option("--count <n>", "exit after answering this many requests")
    .addOption(new Option("--no-templates", "send the body as written, without templates"))
    .action(reply);
};
