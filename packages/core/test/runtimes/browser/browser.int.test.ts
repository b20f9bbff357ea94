/**
 * The runtime scenario in Chromium (Debian's `chromium`, driven by playwright-core) over WebSocket to
 * nats-server's websocket listener, and STAN in the same browser: @nats-stack/streaming on a `wsconnect`
 * connection against the fake STAN server.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { startFakeStan, type FakeStan } from "@nats-stack/fixtures/fake-stan/fake-stan";
import { bundle, prefix, startRig, stepTests, type RuntimeRig } from "../harness";
import type { StepResult } from "../scenario";

jest.setTimeout(180_000);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
let rig: RuntimeRig;
let browser: BrowserContext;
let profile: string;
let results: StepResult[] | undefined;
const consoleLines: string[] = [];

async function page(path: string, cfg: object): Promise<Page> {
  const p = await browser.newPage();
  p.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  p.on("pageerror", (e) => consoleLines.push(`pageerror: ${e.message}`));
  await p.goto(`${rig.control}${path}?cfg=${encodeURIComponent(JSON.stringify(cfg))}`);
  return p;
}

function html(script: string): string {
  return `<!doctype html><meta charset="utf-8"><title>nats-stack</title><script type="module" src="${script}"></script>`;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: scripts/setup.sh installs Debian's chromium`);
  rig = await startRig({ websocket: true });
  // A browser bundle: @nats-stack/core is the WebSocket entry there, as the "browser" condition picks it.
  rig.serve("/main.js", await bundle(join(__dirname, "main.ts"), join(rig.dir, "main.js"), { platform: "browser" }, "ws"), "text/javascript");
  rig.serve("/stan.js", await bundle(join(__dirname, "stan.ts"), join(rig.dir, "stan.js"), { platform: "browser" }, "ws"), "text/javascript");
  rig.serve("/", html("/main.js"), "text/html");
  rig.serve("/stan", html("/stan.js"), "text/html");
  profile = mkdtempSync(join(tmpdir(), "nats-stack-chromium-"));
  // A fresh profile per run.
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const p = await page("/", { url: rig.server.wsUrl, prefix: prefix("browser") });
  results = (await p.evaluate("globalThis.results")) as StepResult[];
  await p.close();
});

afterAll(async () => {
  await browser?.close();
  await rig?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

stepTests(() => results, false);

test("closing sends code 1000: Chromium logs no reserved-code (1005) close error", () => {
  expect(consoleLines.filter((l) => /1005|reserved/i.test(l))).toEqual([]);
});

describe("STAN in Chromium", () => {
  let stan: FakeStan;
  beforeAll(async () => {
    stan = await startFakeStan({ url: rig.server.url, heartbeatInterval: 0 });
  });
  afterAll(() => stan?.stop());

  test("@nats-stack/streaming on a wsconnect connection publishes, subscribes and acks", async () => {
    const channel = `${prefix("stan")}.orders`.replace(/\./g, "-");
    const p = await page("/stan", { url: rig.server.wsUrl, clusterID: stan.clusterID, channel });
    const r = (await p.evaluate("globalThis.results")) as { ok: boolean; value: string };
    await p.close();
    expect(r).toEqual({ ok: true, value: Array.from({ length: 10 }, (_, i) => `m${i}`).join(",") });
    expect(stan.stats.acks).toBeGreaterThanOrEqual(10);
  });
});
