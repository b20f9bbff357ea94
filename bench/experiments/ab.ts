/**
 * Runs contender processes alternately on one shape, a fresh server per run, and prints each run's metrics:
 * the quick A/B of a what-if build against the current code. Usage (after run.mjs --variant …):
 *   node bench/experiments/run.mjs ab '<params JSON>' <rounds> <bundle.cjs | natsgo-bench binary>…
 * e.g. '{"kind":"conns-rss","n":100}' 3 bench/.build/contender-ours.cjs bench/.build/exp/ours-resend-unacked-off.cjs
 */
import { spawnSync } from "node:child_process";
import { startServer } from "@nats-stack/fixtures/nats-server";
import { natsGoBench } from "../src/go-build";
import { startHelper } from "../src/helper-process";
async function main() {
  const [paramsJson, rounds, ...bundles] = process.argv.slice(2);
  for (let r = 0; r < Number(rounds); r++) {
    for (const b of bundles) {
      const srv = await startServer({ config: 'max_pending: 512MB\nwrite_deadline: "30s"\n' });
      const p = { ...JSON.parse(paramsJson!), url: srv.url, subject: `ab.${process.pid}.${r}` };
      // The request shape needs the benchmark's responder (nats.go, its own process).
      const responder = p.kind === "request" ? startHelper(natsGoBench(), ["respond", srv.url, p.subject]) : undefined;
      await responder?.ready;
      const cmd = b.endsWith(".cjs") ? [process.execPath, "--expose-gc", b] : [b, "contender"];
      const out = spawnSync(cmd[0]!, [...cmd.slice(1), "ab", JSON.stringify(p)], { encoding: "utf8" });
      console.log(`${b.split("/").pop()}: ${out.stdout.trim()} ${out.stderr.trim().slice(-200)}`);
      await responder?.stop();
      await srv.stop();
    }
  }
}
main();
