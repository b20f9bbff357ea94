/**
 * A Cloudflare Worker for workerd: `/entries` reports the names every entry of @nats-stack/core exports
 * (all of them are imported here, so the worker loading at all proves none does I/O, timers or randomness
 * at import, which workerd refuses in a module's global scope); `/scenario` runs the scenario with
 * @nats-stack/core/cloudflare over `cloudflare:sockets`, inside that one request.
 */
import * as cloudflare from "@nats-stack/core/cloudflare";
import * as bun from "@nats-stack/core/bun";
import * as deno from "@nats-stack/core/deno";
import * as internal from "@nats-stack/core/internal";
import * as node from "@nats-stack/core/node";
import * as ws from "@nats-stack/core/ws";
import * as root from "@nats-stack/core";
import { runScenario, type ScenarioEnv } from "../scenario";

const entries = { root, node, deno, bun, ws, cloudflare, internal };

export default {
  async fetch(req: Request): Promise<Response> {
    const u = new URL(req.url);
    if (u.pathname === "/entries") {
      return Response.json(Object.fromEntries(Object.entries(entries).map(([k, m]) => [k, Object.keys(m).sort()])));
    }
    const cfg = JSON.parse(u.searchParams.get("cfg")!) as { url: string; control: string; prefix: string };
    const env: ScenarioEnv = {
      url: cfg.url,
      prefix: cfg.prefix,
      dataKind: "Uint8Array",
      restart: async () => {
        const r = await fetch(`${cfg.control}/restart`);
        if (!r.ok) throw new Error(`restart failed: ${await r.text()}`);
      },
    };
    return Response.json(await runScenario(cloudflare, env));
  },
};
