// The typical program (examples/orders.ts) runs against a real server, in this process with our packages,
// and once more in a child process bundled with its two imports pointed at nats.js: the same source runs
// unchanged on both clients.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { main, type Summary } from "../../examples/orders";

const here = join(__dirname, "..", "..");

function check(s: Summary): void {
  expect(s.created).toBe(10_010);
  expect(s.reviewed).toBe(1000);
  expect(s.approved).toBe(1000);
  expect(s.lastSeq).toBe(11_010);
  expect(s.replayed).toBe(11_010);
  expect(s.monitored).toBe(11_010);
  expect(s.shippedPerWorker.reduce((a, b) => a + b, 0)).toBe(1000);
}

test("examples/orders.ts with @nats-stack/core and @nats-stack/jetstream", async () => {
  const srv = await startServer({ jetstream: true });
  try {
    const lines: string[] = [];
    const s = await main(srv.url, (...a) => lines.push(a.join(" ")));
    check(s);
    expect(lines[0]).toBe("order 1 stored as ORDERS#1");
  } finally {
    await srv.stop();
  }
}, 120_000);

test("the same source, bundled against @nats-io/transport-node and @nats-io/jetstream 3.4.0", async () => {
  const srv: NatsServer = await startServer({ jetstream: true });
  const dir = mkdtempSync(join(tmpdir(), "orders-natsjs-"));
  try {
    const entry = join(dir, "run.ts");
    require("node:fs").writeFileSync(
      entry,
      `import { main } from ${JSON.stringify(join(here, "examples", "orders"))};\n` +
        `main(process.argv[2], () => {}).then((s) => console.log(JSON.stringify(s))).catch((e) => { console.error(e); process.exit(1); });\n`,
    );
    const out = join(dir, "run.cjs");
    await build({
      entryPoints: [entry],
      outfile: out,
      bundle: true,
      platform: "node",
      format: "cjs",
      logLevel: "error",
      nodePaths: [join(here, "node_modules")],
      alias: { "@nats-stack/core": "@nats-io/transport-node", "@nats-stack/jetstream": "@nats-io/jetstream" },
    });
    const text = execFileSync(process.execPath, [out, srv.url], { encoding: "utf8", timeout: 110_000 });
    check(JSON.parse(text.trim().split("\n").pop()!) as Summary);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await srv.stop();
  }
}, 120_000);
