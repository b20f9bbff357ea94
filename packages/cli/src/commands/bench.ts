/**
 * `bench <subject> --pub N --sub N --msgs M --size S [--js]`: natscli's core pub/sub benchmark, or with
 * `--js` its JetStream publish and consume shapes, on nats-stack's client, against the server given or a
 * temporary local one. Progress bars on a terminal, a results table (msgs/s, MiB/s, latency percentiles),
 * `--report DIR` for a Markdown table and an SVG chart, and `--compare nats.js` for the same shape on
 * nats.js, each library in its own processes, rounds interleaved.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Command, Option } from "commander";
import { parseByteSize } from "../args/byte-size";
import { parseWhole } from "../args/numbers";
import { connectNats } from "../connection/connect";
import { globalOptions, type GlobalOptions } from "../connection/global-options";
import { startLocalServer } from "../local-server/local-server";
import { CliError, CliErrorCode, usageError } from "../output/cli-error";
import { checkStreamName } from "../jetstream/stream-config-input";
import { checkConsumerName } from "../jetstream/consumer-config-input";
import { out as c } from "../output/colors";
import { log, print } from "../output/log";
import { renderTable } from "../output/table";
import { checkLibAvailable } from "../bench/bench-client";
import { BENCH_LIBS, DEFAULT_BENCH_STREAM, checkPlan, type BenchLib, type BenchPlan, type JsBenchPlan } from "../bench/bench-plan";
import { JsBenchSetup } from "../bench/js-bench-setup";
import { reduceRuns, type BenchReport } from "../bench/bench-results";
import { runOnce } from "../bench/bench-run";
import { clientLabels, clientTotals, type RunProgress, type RunResult } from "../bench/run-result";
import { progressView } from "../bench/bench-progress";
import { runInWorker, workerMain } from "../bench/bench-worker";
import { grouped } from "../bench/number-format";
import { renderMarkdown } from "../bench/report-markdown";
import { renderSvg } from "../bench/report-svg";
import { resultTables } from "../bench/results-table";
import type { VerbGroup } from "./verb-group";

/** Limits of the temporary server, raised so the benchmark measures clients, not the server's protection. */
const BENCH_SERVER_CONFIG = 'max_pending: 512MB\nwrite_deadline: "30s"\n';

interface BenchFlags {
  pub: string;
  sub: string;
  msgs: string;
  size: string;
  pubbatch: string;
  compare?: string;
  rounds?: string;
  report?: string;
  json?: boolean;
  js?: boolean;
  stream: string;
  storage: string;
  replicas: string;
  maxbytes: string;
  syncpub?: boolean;
  pull?: boolean;
  push?: boolean;
  consumer: string;
  consumerbatch: string;
  purge?: boolean;
}

/** The flags that only mean something with `--js`. */
const JS_FLAGS = ["stream", "storage", "replicas", "maxbytes", "syncpub", "pull", "push", "consumer", "consumerbatch", "purge"] as const;

/** The JetStream part of the plan, from the `--js` flags (checked). */
function jsPlan(flags: BenchFlags, cmd: Command): JsBenchPlan | undefined {
  const given = JS_FLAGS.filter((f) => cmd.getOptionValueSource(f) === "cli");
  if (!flags.js) {
    if (given.length) throw usageError(`--${given[0]} needs --js`);
    return undefined;
  }
  if (flags.pull && flags.push) throw usageError("the durable consumer must be either --pull or --push, not both");
  if (flags.storage !== "file" && flags.storage !== "memory") throw usageError(`--storage must be file or memory, not '${flags.storage}'`);
  return {
    stream: checkStreamName(flags.stream),
    storage: flags.storage,
    replicas: parseWhole(flags.replicas, "--replicas", 1),
    maxBytes: parseByteSize(flags.maxbytes, "--maxbytes"),
    consumer: flags.pull ? "pull" : flags.push ? "push" : "ordered",
    durable: checkConsumerName(flags.consumer),
    consumerBatch: parseWhole(flags.consumerbatch, "--consumerbatch", 1),
    syncPub: flags.syncpub === true,
    purge: flags.purge === true,
  };
}

/** One in-process run with bars per client. */
async function runHere(plan: BenchPlan, g: GlobalOptions, round: string): Promise<RunResult> {
  const view = progressView();
  const progress: RunProgress = { counts: [] };
  view.start(clientLabels(plan).map((l) => `${round}${l}`), clientTotals(plan), () => progress.counts);
  try {
    const r = await runOnce("nats-stack", plan, g, progress);
    view.stop(`${round}done in ${r.totalMs.toFixed(0)} ms`);
    return r;
  } catch (e) {
    view.stop();
    throw e;
  }
}

/** One run in a worker process with one bar for the whole round. */
async function runThere(lib: BenchLib, plan: BenchPlan, g: GlobalOptions, round: string): Promise<RunResult> {
  const view = progressView();
  let counts: number[] = [];
  const total = clientTotals(plan).reduce((a, b) => a + b, 0);
  view.start([`${round}${lib}`], [total], () => [counts.reduce((a, b) => a + b, 0)]);
  try {
    const r = await runInWorker({ lib, plan, globals: g }, (cs) => (counts = cs));
    const pub = r.clients.find((x) => x.role === "pub")!;
    view.stop(`${round}${lib}: Pub #1 ${grouped(pub.msgs / (pub.ms / 1000))} msgs/s, all done in ${r.totalMs.toFixed(0)} ms`);
    return r;
  } catch (e) {
    view.stop();
    throw e;
  }
}

async function bench(subject: string, flags: BenchFlags, cmd: Command): Promise<void> {
  const g0 = globalOptions(cmd);
  const js = jsPlan(flags, cmd);
  // natscli's `bench X --js --sub 10` only consumes: with --js, --sub without --pub means no publisher.
  const pubText = js && cmd.getOptionValueSource("pub") !== "cli" && cmd.getOptionValueSource("sub") === "cli" ? "0" : flags.pub;
  const plan = checkPlan({
    subject,
    pubs: parseWhole(pubText, "--pub", 0),
    subs: parseWhole(flags.sub, "--sub", 0),
    msgs: parseWhole(flags.msgs, "--msgs", 1),
    size: parseByteSize(flags.size, "--size"),
    pubBatch: parseWhole(flags.pubbatch, "--pubbatch", 1),
    ...(js ? { js } : {}),
  });
  const compare = flags.compare as BenchLib | undefined;
  if (compare !== undefined) checkLibAvailable(compare, js !== undefined);
  const rounds = parseWhole(flags.rounds ?? (compare ? "5" : "1"), "--rounds", 1);
  const reportDir = flags.report ? resolve(flags.report) : undefined;

  // A server of our own unless one was named (-s or NATS_URL).
  const own = g0.serverGiven ? undefined : await startLocalServer({ config: BENCH_SERVER_CONFIG, jetstream: js !== undefined });
  const g: GlobalOptions = own ? { ...g0, server: own.url } : g0;
  let setup: JsBenchSetup | undefined;
  try {
    if (own) log(`Started a temporary nats-server on ${own.url} (give -s URL to use another)`);
    // Connect once first: a wrong URL or password is reported before any process starts.
    const probe = await connectNats(g);
    const server = `nats-server ${probe.info?.version ?? "?"}`;
    await probe.close();
    if (js) setup = await JsBenchSetup.open(g, plan);
    const roundsText = compare ? `, compare=${compare}, rounds=${rounds}` : rounds > 1 ? `, rounds=${rounds}` : "";
    log(
      js
        ? `Starting JetStream benchmark [subject=${plan.subject}, msgs=${grouped(plan.msgs)}, msgsize=${plan.size} B, pubs=${plan.pubs}, subs=${plan.subs}, stream=${js.stream}, storage=${js.storage}, syncpub=${js.syncPub}, pubbatch=${plan.pubBatch}, pull=${js.consumer === "pull"}, push=${js.consumer === "push"}, consumerbatch=${js.consumerBatch}, purge=${js.purge}${roundsText}]`
        : `Starting Core NATS pub/sub benchmark [subject=${plan.subject}, msgs=${grouped(plan.msgs)}, msgsize=${plan.size} B, pubs=${plan.pubs}, subs=${plan.subs}, pubbatch=${plan.pubBatch}${roundsText}]`,
    );
    const libs: BenchLib[] = compare ? ["nats-stack", compare] : ["nats-stack"];
    const runs = new Map<BenchLib, RunResult[]>(libs.map((l) => [l, []]));
    for (let r = 0; r < rounds; r++) {
      const tag = rounds > 1 ? `round ${r + 1}/${rounds} ` : "";
      // Interleaved (A B, B A, …) so both libraries see the same machine state.
      const order = r % 2 === 0 ? libs : [...libs].reverse();
      for (const lib of order) {
        await setup?.beforeRun();
        runs.get(lib)!.push(compare ? await runThere(lib, plan, g, tag) : await runHere(plan, g, tag));
        await setup?.afterRun();
      }
    }
    const report: BenchReport = {
      plan,
      libs: libs.map((l) => reduceRuns(l, plan, runs.get(l)!)),
      server,
      node: process.version,
      date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
      notes: [
        compare
          ? `median of ${rounds} interleaved rounds; each library ran in its own process, all clients of a run in that process`
          : `${rounds > 1 ? `median of ${rounds} rounds; ` : ""}all clients in this process, each on its own connection`,
        "latency: publish to delivery on the same clock, sampled, under full load (not an idle round trip)",
        ...(compare && plan.subs > 0
          ? ["each library publishes as fast as it can, so latency compares the queueing at each one's own rate: a publisher that sends twice as fast keeps more messages in flight"]
          : []),
        own ? `a temporary nats-server on 127.0.0.1 with max_pending raised to 512MB${js ? " and JetStream in a temporary folder" : ""}` : `server ${g.server}`,
        ...(setup ? [setup.describe()] : []),
      ],
    };
    if (flags.json) {
      print(JSON.stringify(report, null, 2));
    } else {
      for (const t of resultTables(report)) {
        print("");
        print(c.bold(t.title));
        print(renderTable(t.head, t.rows, t.align));
      }
    }
    if (reportDir) {
      mkdirSync(reportDir, { recursive: true });
      writeFileSync(join(reportDir, "bench.md"), renderMarkdown(report, "bench.svg"));
      writeFileSync(join(reportDir, "bench.svg"), renderSvg(report));
      writeFileSync(join(reportDir, "bench.json"), JSON.stringify(report, null, 2) + "\n");
      log(`Report written to ${join(reportDir, "bench.md")} with its chart ${join(reportDir, "bench.svg")}`);
    }
  } catch (e) {
    if (e instanceof Error && e.message.includes("EACCES")) throw new CliError(CliErrorCode.File, `cannot write the report to ${reportDir}: ${e.message}`);
    throw e;
  } finally {
    await setup?.close();
    await own?.stop();
  }
}

/** Adds `bench` (and its hidden worker verb). */
export const benchVerbs: VerbGroup = (program) => {
  program
    .command("bench")
    .description("benchmark core pub/sub, or JetStream with --js, on nats-stack's client (a temporary local server unless -s is given)")
    .argument("<subject>", "subject to publish on")
    .option("--pub <n>", "publishers, each on its own connection", "1")
    .option("--sub <n>", "subscribers, each receiving every message", "0")
    .option("--msgs <n>", "messages to publish in total", "100000")
    .option("--size <size>", "message size (16, 1KB, 1MiB)", "128")
    .option("--pubbatch <n>", "messages a publisher sends before yielding to the event loop", "100")
    .addOption(new Option("--compare <client>", "also run the same shape on another client library, in separate processes").choices(BENCH_LIBS.filter((l) => l !== "nats-stack")))
    .option("--rounds <n>", "repeat and report medians (default 1, or 5 with --compare)")
    .option("--report <dir>", "write bench.md (a table) and bench.svg (a chart) to this folder")
    .option("--json", "print the results as JSON instead of tables")
    .option("--js", "benchmark JetStream: acknowledged publishes into a stream, consumers reading it")
    .option("--stream <name>", `--js: the stream (${DEFAULT_BENCH_STREAM} is defined for you; another is used as it is)`, DEFAULT_BENCH_STREAM)
    .option("--storage <type>", `--js: storage of ${DEFAULT_BENCH_STREAM}, file or memory`, "file")
    .option("--replicas <n>", `--js: replicas of ${DEFAULT_BENCH_STREAM}`, "1")
    .option("--maxbytes <size>", `--js: maximum size of ${DEFAULT_BENCH_STREAM}`, "1GB")
    .option("--syncpub", "--js: await each publish's acknowledgement before the next")
    .option("--pull", "--js: subscribers share a durable pull consumer (explicit acks) instead of ordered consumers")
    .option("--push", "--js: subscribers share a durable push consumer in a deliver group (explicit acks)")
    .option("--consumer <name>", "--js: the durable consumer's name", "nats-stack-bench")
    .option("--consumerbatch <n>", "--js: messages per pull request, or acks pending per push subscriber", "100")
    .option("--purge", "--js: purge the stream first (runs that publish always start from an empty stream)")
    .action(bench);

  program.addCommand(
    new Command("bench-worker")
      .argument("<job>")
      .action(async (job: string) => workerMain(job)),
    { hidden: true },
  );
};
