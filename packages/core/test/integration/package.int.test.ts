/**
 * The packages as users get them: build @nats-stack/wire and @nats-stack/core to ESM with declarations, then
 * import the built `@nats-stack/core` from a plain Node ESM script (through the package's `exports`) and talk to
 * a real server.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";

jest.setTimeout(120_000);

const root = join(__dirname, "../../../..");
let srv: NatsServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => srv?.stop());

function build(pkg: string): void {
  const r = spawnSync(process.execPath, [join(root, "scripts/build-package.mjs")], { cwd: join(root, "packages", pkg), encoding: "utf8" });
  expect(r.stderr + r.stdout).toBe("");
  expect(r.status).toBe(0);
}

test("built ESM bundles and declarations import and work from plain Node", () => {
  build("wire");
  build("core");
  for (const f of ["packages/wire/dist/index.js", "packages/wire/dist/types/index.d.ts", "packages/core/dist/node.js", "packages/core/dist/internal.js", "packages/core/dist/types/entries/node.d.ts"]) {
    expect(existsSync(join(root, f))).toBe(true);
  }
  const script = `
    import { connect, headers, errors } from "@nats-stack/core";
    import { MsgHdrsImpl } from "@nats-stack/core/internal";
    import { ServerOpParser } from "@nats-stack/wire";
    const nc = await connect({ servers: process.env.NATS_URL });
    const sub = nc.subscribe("pkg.check", { max: 1 });
    const h = headers(); h.set("A", "b");
    nc.publish("pkg.check", "built", { headers: h });
    for await (const m of sub) console.log(m.string(), m.headers.get("A"), typeof ServerOpParser, typeof MsgHdrsImpl, typeof errors.TimeoutError);
    await nc.close();
  `;
  // bench/ depends on both packages, so Node resolves them there the way an installed package is resolved.
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: join(root, "bench"),
    encoding: "utf8",
    env: { ...process.env, NATS_URL: srv.url },
    timeout: 30_000,
  });
  expect(r.stderr).toBe("");
  expect(r.stdout.trim()).toBe("built b function function function");
});

test("export conditions pick the runtime's entry, and the browser entry imports no node: module", () => {
  // Runs after the build above. Node resolves with extra --conditions the way Deno, Bun, workerd and
  // bundlers for browsers do with theirs (every runtime also matches "node" or "default": order decides).
  const resolve = (condition?: string) => {
    const args = [...(condition ? [`--conditions=${condition}`] : []), "--input-type=module", "-e", "console.log(import.meta.resolve('@nats-stack/core'))"];
    const r = spawnSync(process.execPath, args, { cwd: join(root, "bench"), encoding: "utf8" });
    return r.stdout.trim().replace(/^.*\/packages\/core\//, "");
  };
  expect([undefined, "deno", "bun", "workerd", "browser"].map(resolve)).toEqual([
    "dist/node.js",
    "dist/deno.js",
    "dist/bun.js",
    "dist/cloudflare.js",
    "dist/ws.js",
  ]);
  // Everything the browser entry loads, chunks included: no runtime module may appear.
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(join(root, "packages/core/dist", file), "utf8").matchAll(/from\s*"([^"]+)"/g)) {
      const spec = m[1]!;
      expect([file, spec.startsWith("node:") || spec.startsWith("cloudflare:")]).toEqual([file, false]);
      if (spec.startsWith("./")) visit(spec.slice(2));
    }
  };
  visit("ws.js");
  expect(seen.size).toBeGreaterThan(1);
});

