/**
 * The runtime scenario in workerd (`npm i workerd`) over `cloudflare:sockets`, one request for the whole
 * scenario (a Worker's sockets belong to the request that opened them), and every entry of the package
 * imported inside workerd. TCP to 127.0.0.1 goes through a `loopback` network service that allows local
 * addresses, used as the worker's globalOutbound.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { freePort } from "@nats-stack/fixtures/nats-server";
import { join } from "node:path";
import { bin, bundle, prefix, startRig, stepTests, type RuntimeRig } from "../harness";
import type { StepResult } from "../scenario";

jest.setTimeout(120_000);
let rig: RuntimeRig;
let workerd: ChildProcess | undefined;
let base = "";
let output = "";
let results: StepResult[] | undefined;

const CONFIG = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2025-09-01",
  compatibilityFlags = ["nodejs_compat"],
  globalOutbound = "loopback",
);
`;

beforeAll(async () => {
  rig = await startRig();
  // The bare @nats-stack/core is what the "workerd" condition picks: the Cloudflare entry.
  await bundle(join(__dirname, "worker.ts"), join(rig.dir, "worker.js"), { external: ["cloudflare:*", "node:*"] }, "cloudflare");
  writeFileSync(join(rig.dir, "config.capnp"), CONFIG);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  workerd = spawn(bin("workerd"), ["serve", join(rig.dir, "config.capnp"), "--socket-addr", `http=127.0.0.1:${port}`], { cwd: rig.dir });
  workerd.stdout!.on("data", (d) => (output += d));
  workerd.stderr!.on("data", (d) => (output += d));
  const until = Date.now() + 20_000;
  for (;;) {
    try {
      await fetch(`${base}/entries`);
      break;
    } catch {
      if (Date.now() > until || workerd.exitCode !== null) throw new Error(`workerd did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const cfg = { url: rig.server.url, control: rig.control, prefix: prefix("workerd") };
  const r = await fetch(`${base}/scenario?cfg=${encodeURIComponent(JSON.stringify(cfg))}`);
  if (!r.ok) throw new Error(`scenario request failed: ${r.status} ${await r.text()}\n${output}`);
  results = (await r.json()) as StepResult[];
});

afterAll(async () => {
  if (workerd && workerd.exitCode === null) {
    const exited = new Promise((r) => workerd!.once("exit", r));
    workerd.kill("SIGTERM");
    await exited;
  }
  await rig?.stop();
});

stepTests(() => results, false);

test("every entry imports inside workerd (nothing runs at import) and exports the same names", async () => {
  const r = await fetch(`${base}/entries`);
  const names = (await r.json()) as Record<string, string[]>;
  expect(Object.keys(names).sort()).toEqual(["bun", "cloudflare", "deno", "internal", "node", "root", "ws"]);
  for (const e of ["node", "deno", "bun", "ws", "cloudflare"]) expect([e, names[e]]).toEqual([e, names.root]);
  expect(names.root).toContain("connect");
  expect(names.root).toContain("wsconnect");
  expect(output).not.toMatch(/Disallowed operation|Uncaught/);
});
