/**
 * The Node side of the runtime tests: starts the nats-servers (plain with a WebSocket listener, and one with
 * TLS from certificates made now), a control HTTP server the runtime calls to restart the server mid-scenario
 * (and which serves the browser page), and bundles a runtime's main file with esbuild.
 */
import { createServer, type Server } from "node:http";
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { build, type BuildOptions, type PluginBuild } from "esbuild";
import { makeCerts, type TestCerts } from "@nats-stack/fixtures/certs";
import { restartServer, startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { STEPS, TLS_STEP, type StepResult } from "./scenario";

export const root = join(__dirname, "..", "..", "..", "..");

/**
 * The runtime binaries the npm packages ship, called directly rather than through pnpm's shell shims or
 * deno's node launcher: a signal must reach the runtime itself, or a stuck runtime outlives the test.
 */
export function bin(name: "deno" | "bun" | "workerd"): string {
  const nm = join(root, "node_modules");
  if (name === "bun") return firstExisting([join(nm, "bun", "bin", "bun.exe"), join(nm, "bun", "bin", "bun")], name);
  if (name === "workerd") return firstExisting([join(nm, "workerd", "bin", "workerd")], name);
  const denoDir = dirname(require.resolve("deno/package.json", { paths: [root] }));
  const arch = process.arch === "arm64" ? "aarch64" : "x64";
  const candidates: string[] = [];
  for (const pkg of [`@deno/linux-${arch}-glibc`, `@deno/linux-${arch}-musl`, `@deno/darwin-${arch}`]) {
    try {
      candidates.push(join(dirname(require.resolve(`${pkg}/package.json`, { paths: [denoDir] })), "deno"));
    } catch {
      // not this platform's package
    }
  }
  return firstExisting(candidates, name);
}

function firstExisting(paths: string[], name: string): string {
  const found = paths.find((p) => existsSync(p));
  return found ?? join(root, "node_modules", ".bin", name);
}

/** Runs a runtime process to its end (killed after `ms`), returning what it printed. */
export function runToEnd(cmd: string, args: string[], ms: number, env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, NO_COLOR: "1", ...env } });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => {
      output += `\n[killed after ${ms} ms]`;
      child.kill("SIGKILL");
    }, ms);
    child.once("close", () => {
      clearTimeout(timer);
      resolve(output);
    });
  });
}

/** Servers and helpers of one runtime's test file. */
export interface RuntimeRig {
  server: NatsServer;
  tls?: { server: NatsServer; certs: TestCerts };
  /** Base URL of the control server (`/restart`, and `/` + `/bundle.js` for the browser). */
  control: string;
  dir: string;
  /** Serves `body` at `path` on the control server. */
  serve(path: string, body: string | Buffer, type: string): void;
  stop(): Promise<void>;
}

/** Starts a nats-server (with a WebSocket listener when asked, and a TLS server when asked) and the control server. */
export async function startRig(opts: { websocket?: boolean; tls?: boolean } = {}): Promise<RuntimeRig> {
  let server = await startServer({ websocket: opts.websocket });
  let tls: RuntimeRig["tls"];
  if (opts.tls) {
    const certs = makeCerts();
    const t = await startServer({ config: `tls {\n  cert_file: "${certs.certFile}"\n  key_file: "${certs.keyFile}"\n}\n` });
    tls = { server: t, certs };
  }
  const files = new Map<string, { body: string | Buffer; type: string }>();
  let restarting: Promise<void> | undefined;
  const http: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (path === "/restart") {
      // Stop, then start on the same ports: the client sees the connection drop and reconnects.
      restarting ??= (async () => {
        await server.stop();
        server = await restartServer(server);
        rig.server = server;
      })().finally(() => (restarting = undefined));
      restarting.then(
        () => res.writeHead(200, { "content-type": "text/plain" }).end("restarted"),
        (e: Error) => res.writeHead(500).end(String(e)),
      );
      return;
    }
    const f = files.get(path);
    if (!f) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": f.type, "cache-control": "no-store" }).end(f.body);
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  const port = (http.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), "nats-stack-rt-"));
  const rig: RuntimeRig = {
    server,
    tls,
    control: `http://127.0.0.1:${port}`,
    dir,
    serve: (path, body, type) => void files.set(path, { body, type }),
    stop: async () => {
      await new Promise<void>((r) => http.close(() => r()));
      await rig.server.stop();
      await tls?.server.stop();
      tls?.certs.remove();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}

/**
 * Bundles a runtime's main file into one ESM file (workspace imports resolved to sources). `coreEntry`
 * names the entry the bare `@nats-stack/core` means there, as the package's export conditions would pick it
 * (tsconfig paths map it to the Node entry).
 */
export async function bundle(entry: string, outfile: string, extra: BuildOptions = {}, coreEntry?: string): Promise<string> {
  const plugins = coreEntry
    ? [
        {
          name: "core-condition",
          setup(b: PluginBuild) {
            b.onResolve({ filter: /^@nats-stack\/core$/ }, () => ({ path: join(root, "packages", "core", "src", "entries", `${coreEntry}.ts`) }));
          },
        },
      ]
    : [];
  await build({
    plugins,
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    target: "es2022",
    platform: "neutral",
    mainFields: ["module", "main"],
    tsconfig: join(root, "packages", "core", "tsconfig.test.json"),
    logLevel: "error",
    ...extra,
  });
  return readFileSync(outfile, "utf8");
}

/** The results line a runtime prints: `RESULTS <json>`. */
export function parseResults(output: string): StepResult[] {
  const line = output.split("\n").find((l) => l.startsWith("RESULTS "));
  if (!line) throw new Error(`no results in the runtime's output:\n${output.slice(-4000)}`);
  return JSON.parse(line.slice("RESULTS ".length)) as StepResult[];
}

/** Every step of the scenario (and the TLS step when asked) as its own jest test. */
export function stepTests(results: () => StepResult[] | undefined, withTls: boolean): void {
  const names: string[] = [...STEPS, ...(withTls ? [TLS_STEP] : [])];
  test.each(names)("%s", (name) => {
    const all = results();
    if (!all) throw new Error("the runtime did not report (see the first test's error)");
    const r = all.find((x) => x.step === name);
    expect(r).toBeDefined();
    expect(r!.detail && !r!.ok ? r!.detail : "").toBe("");
    expect(r!.ok).toBe(true);
  });
}

/** A unique subject prefix for one run. */
export function prefix(runtime: string): string {
  return `rt.${runtime}.${process.pid}.${Date.now().toString(36)}`;
}
