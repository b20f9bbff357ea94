/**
 * `server check connection` (natscli's Nagios-style check: connect time, server RTT, a full round trip
 * through an inbox, each against warn/critical thresholds) and `server run` (a local nats-server, on
 * 127.0.0.1:4222 by default, JetStream optional, stopped on Ctrl-C).
 */
import { Option, type Command } from "commander";
import { createInbox, delay, type NatsConnection } from "@nats-stack/core";
import { parseDuration } from "../args/duration";
import { parseWhole } from "../args/numbers";
import { connectNats } from "../connection/connect";
import { globalOptions } from "../connection/global-options";
import { startLocalServer, localServerVersion } from "../local-server/local-server";
import { CliError, CliErrorCode } from "../output/cli-error";
import { onInterrupt } from "../output/interrupt";
import { log, print } from "../output/log";
import { renderTable } from "../output/table";
import { randomString } from "../templates/body-template";
import type { VerbGroup } from "./verb-group";

type CheckStatus = "OK" | "WARNING" | "CRITICAL" | "UNKNOWN";
const EXIT: Record<CheckStatus, number> = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 };

interface PerfData {
  name: string;
  value: number;
  warn: number;
  crit: number;
  unit: string;
  help: string;
}

/** A check's findings, rendered as natscli's monitor results are. */
class CheckResult {
  readonly ok: string[] = [];
  readonly warning: string[] = [];
  readonly critical: string[] = [];
  readonly perfData: PerfData[] = [];
  constructor(readonly name: string, readonly suite: string) {}

  get status(): CheckStatus {
    return this.critical.length ? "CRITICAL" : this.warning.length ? "WARNING" : "OK";
  }

  /** Records a measurement in seconds and judges it against its thresholds. */
  judge(pd: PerfData, okText: string, badText: (limit: number) => string): void {
    this.perfData.push(pd);
    if (pd.value >= pd.crit) this.critical.push(badText(pd.crit));
    else if (pd.value >= pd.warn) this.warning.push(badText(pd.warn));
    else this.ok.push(okText);
  }

  render(format: string): string {
    const s = this.status;
    if (format === "json") {
      return JSON.stringify(
        { status: s, check_suite: this.suite, check_name: this.name, warning: this.warning.length ? this.warning : undefined, critical: this.critical.length ? this.critical : undefined, ok: this.ok.length ? this.ok : undefined, perf_data: this.perfData },
        null,
        2,
      );
    }
    if (format === "text") {
      const lines = [`${this.name}: ${s}`, ""];
      const detail = [...this.ok.map((m) => ["OK", m]), ...this.warning.map((m) => ["Warning", m]), ...this.critical.map((m) => ["Critical", m])];
      if (detail.length) lines.push("Status Detail", "", renderTable(["Status", "Message"], detail), "");
      if (this.perfData.length) {
        lines.push("Check Metrics", "", renderTable(["Metric", "Value", "Unit", "Critical Threshold", "Warning Threshold", "Description"], this.perfData.map((p) => [p.name, p.value.toFixed(4), p.unit, p.crit, p.warn, p.help])));
      }
      return lines.join("\n");
    }
    const parts = [this.name, ...this.critical.map((m) => `Crit:${m}`), ...this.warning.map((m) => `Warn:${m}`), ...this.ok.map((m) => `OK:${m}`)];
    const perf = this.perfData.map((p) => `${p.name}=${p.value.toFixed(4)}${p.unit};${p.warn.toFixed(4)};${p.crit.toFixed(4)}`).join(" ");
    return `${s} ${parts.join(" ")}${perf ? ` | ${perf}` : ""}`;
  }
}

interface CheckFlags {
  connectWarn: string;
  connectCritical: string;
  rttWarn: string;
  rttCritical: string;
  reqWarn: string;
  reqCritical: string;
}

async function checkConnection(flags: CheckFlags, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  const format = (cmd.parent?.opts() as { format?: string }).format ?? "nagios";
  const sec = (t: string, f: string) => parseDuration(t, f) / 1000;
  const th = {
    connect: [sec(flags.connectWarn, "--connect-warn"), sec(flags.connectCritical, "--connect-critical")],
    rtt: [sec(flags.rttWarn, "--rtt-warn"), sec(flags.rttCritical, "--rtt-critical")],
    req: [sec(flags.reqWarn, "--req-warn"), sec(flags.reqCritical, "--req-critical")],
  };
  const r = new CheckResult("Connection", "connection");
  let nc: NatsConnection | undefined;
  try {
    const t0 = performance.now();
    nc = await connectNats(g, { maxReconnectAttempts: 0 });
    const ct = (performance.now() - t0) / 1000;
    const url = `nats://${nc.getServer()}`;
    r.judge({ name: "connect_time", value: ct, warn: th.connect[0]!, crit: th.connect[1]!, unit: "s", help: "Time taken to connect to NATS" }, `connected to ${url} in ${(ct * 1000).toFixed(3)}ms`, (l) => `connected to ${url}, connect time exceeded ${l}`);
    const rtt = (await nc.rtt()) / 1000;
    r.judge({ name: "rtt", value: rtt, warn: th.rtt[0]!, crit: th.rtt[1]!, unit: "s", help: "The round-trip-time of the connection" }, `rtt time ${(rtt * 1e6).toFixed(0)}µs`, (l) => `rtt time exceeded ${l}`);
    // A full round trip: publish a random body to a fresh inbox and read it back.
    const body = new TextEncoder().encode(randomString(100, 100));
    const inbox = createInbox();
    const sub = nc.subscribe(inbox, { max: 1 });
    const t1 = performance.now();
    nc.publish(inbox, body);
    const got = await Promise.race([
      (async () => {
        for await (const m of sub) return m;
        return undefined;
      })(),
      new Promise<undefined>((res) => setTimeout(() => res(undefined), g.timeout).unref()),
    ]);
    const reqt = (performance.now() - t1) / 1000;
    if (!got) r.critical.push(`did not receive from ${inbox}: timeout`);
    else {
      if (Buffer.compare(Buffer.from(got.data), Buffer.from(body)) !== 0) r.critical.push("did not receive expected message");
      r.judge({ name: "request_time", value: reqt, warn: th.req[0]!, crit: th.req[1]!, unit: "s", help: "Time taken for a full Request-Reply operation" }, `round trip took ${reqt.toFixed(6)}s`, () => `round trip request took ${reqt.toFixed(6)}`);
    }
  } catch (e) {
    r.critical.push(`connection failed: ${(e as Error).message}`);
  } finally {
    await nc?.close().catch(() => {});
  }
  print(r.render(format));
  process.exitCode = EXIT[r.status];
}

interface RunFlags {
  jetstream?: boolean;
  port: string;
  store?: string;
}

async function run(flags: RunFlags): Promise<void> {
  const port = flags.port === "-1" ? -1 : parseWhole(flags.port, "--port", 0, 65535);
  if (flags.store !== undefined && !flags.jetstream) throw new CliError(CliErrorCode.Usage, "--store needs --jetstream");
  const srv = await startLocalServer({ port: port === 0 ? -1 : port, jetstream: flags.jetstream, storeDir: flags.store });
  log(`Started ${localServerVersion()} (pid ${srv.pid})`);
  const interrupt = onInterrupt();
  try {
    print(srv.url);
    if (flags.jetstream) log(`JetStream enabled, store in ${srv.storeDir}${flags.store ? "" : " (removed on stop)"}`);
    log(`nats-server is ready on ${srv.url}; press Ctrl-C to stop`);
    const why = await Promise.race([interrupt.signal, srv.exited().then((code) => ({ code }))]);
    // Ctrl-C at a terminal reaches nats-server too (same process group): its exit may win the race.
    const stopped = typeof why === "object" ? await Promise.race([interrupt.signal, delay(300).then(() => undefined)]) : why;
    if (!stopped && typeof why === "object") {
      const last = srv.output().trim().split("\n").pop() ?? "";
      throw new CliError(CliErrorCode.LocalServer, `nats-server exited with status ${why.code}: ${last}`);
    }
    log("Stopping nats-server");
  } finally {
    interrupt.dispose();
    await srv.stop();
  }
}

/** Adds `server check connection` and `server run`. */
export const serverVerbs: VerbGroup = (program) => {
  const server = program.command("server").description("check or run NATS servers");

  const check = server
    .command("check")
    .description("health checks for NATS servers (Nagios exit codes: 0 OK, 1 warning, 2 critical)")
    .addOption(new Option("--format <format>", "render the check as").choices(["nagios", "json", "text"]).default("nagios"));
  check
    .command("connection")
    .alias("conn")
    .description("checks the connection: connect time, server RTT and a full round trip")
    .option("--connect-warn <duration>", "warning threshold for establishing the connection", "500ms")
    .option("--connect-critical <duration>", "critical threshold for establishing the connection", "1s")
    .option("--rtt-warn <duration>", "warning threshold for the server RTT", "500ms")
    .option("--rtt-critical <duration>", "critical threshold for the server RTT", "1s")
    .option("--req-warn <duration>", "warning threshold for the full round trip", "500ms")
    .option("--req-critical <duration>", "critical threshold for the full round trip", "1s")
    .action(checkConnection);

  server
    .command("run")
    .description("run a local nats-server on 127.0.0.1 until Ctrl-C (Debian's nats-server binary)")
    .option("--jetstream", "enable JetStream")
    .option("--port <port>", "client port (0 or -1: a free one)", "4222")
    .option("--store <dir>", "JetStream store folder, kept after stop (default: a temp folder, removed)")
    .action(run);
};
