/**
 * `rtt`, as natscli's: for each server URL (each address a host name resolves to), connect and report the
 * average round trip of `iterations` PINGs; `--json` prints natscli's JSON shape (rtt in nanoseconds).
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { Command } from "commander";
import { formatDuration } from "../args/duration";
import { parseWhole } from "../args/numbers";
import { connectNats } from "../connection/connect";
import { globalOptions, type GlobalOptions } from "../connection/global-options";
import { CliError, CliErrorCode } from "../output/cli-error";
import { log } from "../output/log";
import type { VerbGroup } from "./verb-group";

interface RttResult {
  time: string;
  address: string;
  /** Nanoseconds, as Go's time.Duration marshals. */
  rtt: number;
  url: string;
}

interface RttTarget {
  url: string;
  results: RttResult[];
}

async function targets(g: GlobalOptions): Promise<RttTarget[]> {
  const out: RttTarget[] = [];
  for (let s of g.server.split(",").map((x) => x.trim()).filter(Boolean)) {
    if (!s.includes("://")) s = `nats://${s}`;
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      throw new CliError(CliErrorCode.Usage, `invalid --server URL '${s}'`);
    }
    const port = u.port || "4222";
    const host = u.hostname.replace(/^\[|\]$/g, "");
    const t: RttTarget = { url: s, results: [] };
    out.push(t);
    const addr = (h: string) => `${u.protocol}//${isIP(h) === 6 ? `[${h}]` : h}:${port}`;
    // A TLS server is checked against its name, so it is measured by name, not per address.
    if (isIP(host) || u.protocol === "tls:" || g.tlsca || g.tlscert) {
      t.results.push({ time: "", address: addr(host), rtt: 0, url: "" });
      continue;
    }
    const addrs = await lookup(host, { all: true }).catch(() => []);
    if (addrs.length === 0) t.results.push({ time: "", address: addr(host), rtt: 0, url: "" });
    for (const a of addrs) t.results.push({ time: "", address: addr(a.address), rtt: 0, url: "" });
  }
  return out;
}

async function rtt(iterationsText: string, flags: { json?: boolean }, cmd: Command): Promise<void> {
  const g = globalOptions(cmd);
  const iterations = parseWhole(iterationsText, "iterations", 1);
  const list = await targets(g);
  let failures = 0;
  let total = 0;
  let lastError: unknown;
  for (const t of list) {
    for (const r of t.results) {
      total++;
      r.time = new Date().toISOString();
      try {
        const nc = await connectNats({ ...g, server: r.address }, { maxReconnectAttempts: 0 });
        try {
          let sum = 0;
          for (let i = 0; i < iterations; i++) sum += await nc.rtt();
          r.rtt = Math.round((sum / iterations) * 1e6);
          r.url = `nats://${nc.getServer()}`;
        } finally {
          await nc.close();
        }
      } catch (e) {
        failures++;
        lastError = e;
        if (!flags.json && total > 1) log(`Failed to compute rtt for ${r.address}: ${(e as Error).message}`);
      }
    }
  }
  // Nothing measured at all is an error (one line, exit 1); a partial failure is reported in the output.
  if (failures === total) throw lastError;
  if (flags.json) {
    process.stdout.write(JSON.stringify(list, null, 2) + "\n");
    return;
  }
  const width = 3 + Math.max(...list.flatMap((t) => t.results.map((r) => r.address.length)));
  let text = "";
  for (const t of list) {
    text += `${t.url}:\n\n`;
    for (const r of t.results) text += `${r.address.padStart(width)}: ${r.rtt > 0 ? formatDuration(r.rtt / 1e6) : "failed"}\n`;
    text += "\n";
  }
  process.stdout.write(text);
}

/** Adds `rtt`. */
export const rttVerbs: VerbGroup = (program) => {
  program
    .command("rtt")
    .description("compute the round-trip time to the NATS servers")
    .argument("[iterations]", "round trips to average", "5")
    .option("-j, --json", "print JSON")
    .action(rtt);
};
