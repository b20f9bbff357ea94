/** Runs the scenario under Deno with @nats-stack/core/deno (Deno.connect, Deno.startTls). */
import * as api from "@nats-stack/core/deno";
import { runScenario, type ScenarioEnv } from "../scenario";

interface DenoGlobal {
  args: string[];
  readTextFile(p: string): Promise<string>;
}
const Deno = (globalThis as unknown as { Deno: DenoGlobal }).Deno;
const cfg = JSON.parse(Deno.args[0]!) as { url: string; control: string; prefix: string; tls?: { url: string; caFile: string } };
const env: ScenarioEnv = {
  url: cfg.url,
  prefix: cfg.prefix,
  dataKind: "Uint8Array",
  restart: async () => {
    const r = await fetch(`${cfg.control}/restart`);
    if (!r.ok) throw new Error(`restart failed: ${await r.text()}`);
  },
  tls: cfg.tls ? { url: cfg.tls.url, ca: await Deno.readTextFile(cfg.tls.caFile) } : undefined,
};
console.log(`RESULTS ${JSON.stringify(await runScenario(api, env))}`);
