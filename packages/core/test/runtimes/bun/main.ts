/** Runs the scenario under Bun with @nats-stack/core/bun (native Bun.connect). */
import { readFileSync } from "node:fs";
import * as api from "@nats-stack/core/bun";
import { runScenario, type ScenarioEnv } from "../scenario";

const cfg = JSON.parse(process.argv[2]!) as { url: string; control: string; prefix: string; tls?: { url: string; caFile: string } };
const env: ScenarioEnv = {
  url: cfg.url,
  prefix: cfg.prefix,
  dataKind: "Buffer",
  restart: async () => {
    const r = await fetch(`${cfg.control}/restart`);
    if (!r.ok) throw new Error(`restart failed: ${await r.text()}`);
  },
  tls: cfg.tls ? { url: cfg.tls.url, ca: readFileSync(cfg.tls.caFile, "utf8") } : undefined,
};
console.log(`RESULTS ${JSON.stringify(await runScenario(api, env))}`);
