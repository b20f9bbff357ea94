/**
 * The client libraries a benchmark drives, through the API they share (nats.js v3's): nats-stack's own
 * core, and nats.js (@nats-io/transport-node), loaded only for `--compare nats.js` because it is an
 * optional dependency of this package.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { connect as oursConnect, type ConnectionOptions } from "@nats-stack/core";
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

function requireHere(): NodeRequire {
  // The executable (or main.ts under tsx) lives in this package, next to its node_modules.
  return createRequire(process.argv[1] ?? `${process.cwd()}/`);
}

/** Fails with an install hint unless nats.js can be loaded. */
export function checkLibAvailable(lib: BenchLib): void {
  if (lib !== "nats.js") return;
  try {
    requireHere().resolve(NATS_JS);
  } catch {
    throw new CliError(CliErrorCode.MissingPackage, `--compare nats.js needs ${NATS_JS}, which is not installed`, {
      hint: `npm install ${NATS_JS}@3`,
    });
  }
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
