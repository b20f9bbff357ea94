/** Runs the scenario in Chromium with @nats-stack/core/ws (the page's WebSocket). */
import * as api from "@nats-stack/core/ws";
import { runScenario, type ScenarioEnv } from "../scenario";

const cfg = JSON.parse(new URLSearchParams(location.search).get("cfg")!) as { url: string; prefix: string };
const env: ScenarioEnv = {
  url: cfg.url,
  prefix: cfg.prefix,
  dataKind: "Uint8Array",
  restart: async () => {
    const r = await fetch("/restart");
    if (!r.ok) throw new Error(`restart failed: ${await r.text()}`);
  },
};
(globalThis as { results?: Promise<unknown> }).results = runScenario(api, env);
