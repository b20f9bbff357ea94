/**
 * Opens the NATS connection a verb works on: the global flags become core's connection options (files read
 * and checked first), and a failure to connect becomes one sentence that names the server and what to try.
 */
import { readFileSync } from "node:fs";
import {
  connect,
  credsAuthenticator,
  nkeyAuthenticator,
  type ConnectionOptions,
  type NatsConnection,
} from "@nats-stack/core";
import { CliError, CliErrorCode } from "../output/cli-error";
import { VERSION } from "../version";
import type { GlobalOptions } from "./global-options";

function readFlagFile(flag: string, path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : (e as Error).message;
    throw new CliError(CliErrorCode.File, `${flag} file '${path}' ${why}`);
  }
}

function checkFile(flag: string, path: string): string {
  readFlagFile(flag, path);
  return path;
}

/** Core connection options for the global flags (`extra` wins). */
export function connectionOptions(g: GlobalOptions, extra: Partial<ConnectionOptions> = {}): ConnectionOptions {
  const opts: ConnectionOptions = {
    servers: g.server.split(",").map((s) => s.trim()).filter((s) => s !== ""),
    timeout: g.timeout,
    name: g.connectionName ?? `nats-stack ${VERSION}`,
  };
  if (g.user !== undefined && g.password !== undefined) {
    opts.user = g.user;
    opts.pass = g.password;
  } else if (g.user !== undefined) {
    // natscli: a user without a password is a token.
    opts.token = g.user;
  } else if (g.password !== undefined) {
    throw new CliError(CliErrorCode.Usage, "--password needs --user");
  }
  if (g.creds !== undefined) opts.authenticator = credsAuthenticator(readFlagFile("--creds", g.creds));
  if (g.nkey !== undefined) {
    const seed = new TextDecoder().decode(readFlagFile("--nkey", g.nkey)).trim();
    opts.authenticator = nkeyAuthenticator(new TextEncoder().encode(seed));
  }
  if (g.tlscert !== undefined || g.tlskey !== undefined || g.tlsca !== undefined) {
    if ((g.tlscert === undefined) !== (g.tlskey === undefined)) {
      throw new CliError(CliErrorCode.Usage, "--tlscert and --tlskey go together");
    }
    opts.tls = {};
    if (g.tlscert !== undefined) opts.tls.certFile = checkFile("--tlscert", g.tlscert);
    if (g.tlskey !== undefined) opts.tls.keyFile = checkFile("--tlskey", g.tlskey);
    if (g.tlsca !== undefined) opts.tls.caFile = checkFile("--tlsca", g.tlsca);
  }
  return { ...opts, ...extra };
}

/** Turns a connect failure into a {@link CliError} that names the server. */
export function connectFailure(e: unknown, servers: string): CliError {
  const err = e as Error;
  switch (err?.name) {
    case "AuthorizationError":
    case "UserAuthenticationExpiredError":
      return new CliError(CliErrorCode.Connect, `${servers} refused the credentials: ${err.message}`, {
        hint: "check --user/--password, --creds or --nkey",
      });
    case "ConnectionError":
      return new CliError(CliErrorCode.Connect, `could not connect to ${servers}: ${err.message}`, {
        hint: err.message.includes("refused") ? "is a server running there? `nats-stack server run` starts one" : undefined,
      });
    case "InvalidArgumentError":
      return new CliError(CliErrorCode.Usage, `invalid --server ${servers}: ${err.message}`);
    default:
      return new CliError(CliErrorCode.Connect, `could not connect to ${servers}: ${err?.message ?? String(e)}`, { cause: e });
  }
}

/** Connects with the global flags; a failure becomes a {@link CliError}. */
export async function connectNats(g: GlobalOptions, extra: Partial<ConnectionOptions> = {}): Promise<NatsConnection> {
  const opts = connectionOptions(g, extra);
  try {
    return await connect(opts);
  } catch (e) {
    throw connectFailure(e, g.server);
  }
}
