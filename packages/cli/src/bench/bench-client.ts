/**
 * The client libraries a benchmark drives, through the API they share (nats.js v3's): nats-stack's own
 * core and JetStream, and nats.js (@nats-io/transport-node, @nats-io/jetstream), loaded only for
 * `--compare nats.js` because they are optional dependencies of this package.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { connect as oursConnect, type ConnectionOptions } from "@nats-stack/core";
import { jetstream as oursJetstream } from "@nats-stack/jetstream";
import { connectionOptions } from "../connection/connect";
import type { GlobalOptions } from "../connection/global-options";
import { CliError, CliErrorCode } from "../output/cli-error";
import type { BenchLib } from "./bench-plan";

/** What a benchmark needs of a received message. */
export interface BenchMsg {
  data: Uint8Array;
}

/** What a benchmark needs of a connection. */
export interface BenchConn {
  publish(subject: string, data?: Uint8Array): void;
  subscribe(subject: string, opts: { callback: (err: Error | null, m: BenchMsg) => void }): { unsubscribe(): void };
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Connects one client of a library; `name` is the connection's name on the server. */
export type BenchConnect = (name: string) => Promise<BenchConn>;

const NATS_JS = "@nats-io/transport-node";
const NATS_JS_JETSTREAM = "@nats-io/jetstream";

/** What a benchmark needs of a JetStream message. */
export interface BenchJsMsg {
  data: Uint8Array;
  ack(): void;
}

/** A running `consume()`. */
export interface BenchConsuming {
  close(): Promise<void | Error>;
}

/** What a benchmark needs of a consumer (pull, ordered or push). */
export interface BenchConsumer {
  consume(opts: { callback: (m: BenchJsMsg) => void; max_messages?: number }): Promise<BenchConsuming>;
}

/** What a benchmark needs of a JetStream client (nats.js's `jetstream(nc)` shape). */
export interface BenchJs {
  publish(subject: string, data: Uint8Array): Promise<unknown>;
  consumers: {
    get(stream: string, nameOrOpts?: string | Record<string, unknown>): Promise<BenchConsumer>;
    getPushConsumer(stream: string, name: string): Promise<BenchConsumer>;
  };
}

/** A library's `jetstream(nc)`, for connections of that library. */
export type BenchJetStream = (nc: BenchConn) => BenchJs;

function requireHere(): NodeRequire {
  // The executable (or main.ts under tsx) lives in this package, next to its node_modules.
  return createRequire(process.argv[1] ?? `${process.cwd()}/`);
}

/** Fails with an install hint unless nats.js (and, for `--js`, its JetStream package) can be loaded. */
export function checkLibAvailable(lib: BenchLib, js = false): void {
  if (lib !== "nats.js") return;
  for (const pkg of js ? [NATS_JS, NATS_JS_JETSTREAM] : [NATS_JS]) {
    try {
      requireHere().resolve(pkg);
    } catch {
      throw new CliError(CliErrorCode.MissingPackage, `--compare nats.js${js ? " --js" : ""} needs ${pkg}, which is not installed`, {
        hint: `npm install ${pkg}@3`,
      });
    }
  }
}

/** The `jetstream()` of a library: ours, or @nats-io/jetstream for nats.js connections. */
export function benchJetStream(lib: BenchLib): BenchJetStream {
  if (lib === "nats-stack") return (nc) => oursJetstream(nc as never) as unknown as BenchJs;
  checkLibAvailable(lib, true);
  const mod = requireHere()(NATS_JS_JETSTREAM) as { jetstream: (nc: unknown) => BenchJs };
  return (nc) => mod.jetstream(nc);
}

/**
 * The connect function of a library, with the global flags as connection options. nats.js gets the same
 * options; credentials and NKEY files go through its own authenticators.
 */
export function benchConnect(lib: BenchLib, g: GlobalOptions): BenchConnect {
  if (lib === "nats-stack") {
    const opts = connectionOptions(g);
    return (name) => oursConnect({ ...opts, name }) as unknown as Promise<BenchConn>;
  }
  checkLibAvailable(lib);
  const mod = requireHere()(NATS_JS) as {
    connect: (o: object) => Promise<BenchConn>;
    credsAuthenticator: (b: Uint8Array) => unknown;
    nkeyAuthenticator: (b: Uint8Array) => unknown;
  };
  const opts: Record<string, unknown> = { ...connectionOptions({ ...g, creds: undefined, nkey: undefined }) };
  if (g.creds) opts.authenticator = mod.credsAuthenticator(readFileSync(g.creds));
  if (g.nkey) opts.authenticator = mod.nkeyAuthenticator(new TextEncoder().encode(readFileSync(g.nkey, "utf8").trim()));
  return (name) => mod.connect({ ...(opts as ConnectionOptions), name });
}
