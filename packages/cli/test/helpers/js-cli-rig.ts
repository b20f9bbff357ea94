/**
 * What the JetStream verbs' test files (stream, consumer, kv, object) run against: the bundled CLI, a
 * JetStream server with a library connection to it (to set up and check what the CLI did), optionally a
 * server without JetStream, and a URL where nothing listens (for the "no server" errors).
 */
import { connect, type NatsConnection } from "@nats-stack/core";
import { jetstreamManager, type JetStreamManager } from "@nats-stack/jetstream";
import { refusedUrl, startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { buildCli, runCli, type BuiltCli, type CliResult, type RunOptions } from "./cli";

/** The CLI and servers of one test file; {@link JsCliRig.stop} in afterAll. */
export interface JsCliRig {
  cli: BuiltCli;
  /** The JetStream server the CLI is pointed at. */
  srv: NatsServer;
  /** A server without JetStream (only when asked for with `plain: true`). */
  plain: NatsServer;
  /** A URL where no server listens any more. */
  deadUrl: string;
  /** The library's connection to `srv`. */
  nc: NatsConnection;
  jsm: JetStreamManager;
  /** Runs the CLI with `-s <srv>` and `args`, with `input` on stdin (none: stdin is closed). */
  run(args: string[], input?: string, opts?: RunOptions): Promise<CliResult>;
  /** The names of the streams on `srv`, sorted. */
  streamNames(): Promise<string[]>;
  stop(): Promise<void>;
}

/** Builds the CLI and starts the servers; `plain: true` adds a server without JetStream. */
export async function startJsCliRig(opts: { plain?: boolean } = {}): Promise<JsCliRig> {
  const cli = buildCli();
  const started: NatsServer[] = [];
  let nc: NatsConnection | undefined;
  try {
    const srv = await startServer({ jetstream: true });
    started.push(srv);
    const plain = opts.plain ? await startServer() : undefined;
    if (plain) started.push(plain);
    const deadUrl = await refusedUrl();
    nc = await connect({ servers: srv.url });
    const jsm = await jetstreamManager(nc);
    const conn = nc;
    return {
      cli,
      srv,
      get plain(): NatsServer {
        if (!plain) throw new Error("this rig was started without a plain server");
        return plain;
      },
      deadUrl,
      nc,
      jsm,
      run: (args, input, o = {}) => runCli(cli, ["-s", srv.url, ...args], input === undefined ? o : { ...o, input }),
      async streamNames() {
        const out: string[] = [];
        for await (const n of jsm.streams.names()) out.push(n);
        return out.sort();
      },
      async stop() {
        await conn.close();
        for (const s of started) await s.stop();
        cli.cleanup();
      },
    };
  } catch (err) {
    await nc?.close().catch(() => {});
    for (const s of started) await s.stop().catch(() => {});
    cli.cleanup();
    throw err;
  }
}

/**
 * The rig of the calling test file (call it at the file's top level): started before its tests, stopped after
 * them. Its fields are read once it runs, inside tests and hooks (a file's own beforeAll, registered after
 * this call, sees it started).
 */
export function jsCliRigPerFile(opts: { plain?: boolean } = {}): JsCliRig {
  let rig: JsCliRig | undefined;
  beforeAll(async () => {
    rig = await startJsCliRig(opts);
  });
  afterAll(() => rig?.stop());
  return new Proxy({} as JsCliRig, {
    get(_t, prop) {
      if (!rig) throw new Error("the test file's rig is not started yet");
      const v: unknown = Reflect.get(rig, prop);
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(rig) : v;
    },
  });
}
