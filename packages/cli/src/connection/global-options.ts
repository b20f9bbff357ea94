/**
 * The connection flags every verb shares, with natscli's names and environment variables: `--server/-s`
 * (NATS_URL), `--user` (NATS_USER), `--password` (NATS_PASSWORD), `--creds` (NATS_CREDS), `--nkey`
 * (NATS_NKEY), `--tlscert` (NATS_CERT), `--tlskey` (NATS_KEY), `--tlsca` (NATS_CA), `--timeout`
 * (NATS_TIMEOUT), `--connection-name`. They are accepted before or after the verb, as natscli's are.
 */
import { Option, type Command } from "commander";
import { parseTimerDuration } from "../args/duration";

/** The server the command line talks to when none is given. */
export const DEFAULT_SERVER = "nats://127.0.0.1:4222";
/** natscli's default `--timeout`. */
export const DEFAULT_TIMEOUT = "5s";

/** The global flags after parsing. */
export interface GlobalOptions {
  /** Comma separated server URLs. */
  server: string;
  /** True when `--server` or NATS_URL was given (bench and tour start their own server otherwise). */
  serverGiven: boolean;
  user?: string;
  password?: string;
  creds?: string;
  nkey?: string;
  tlscert?: string;
  tlskey?: string;
  tlsca?: string;
  /** Milliseconds. */
  timeout: number;
  connectionName?: string;
}

/** Declares the global flags on the program. */
export function addGlobalOptions(program: Command): void {
  program
    .addOption(new Option("-s, --server <url>", "NATS server URLs, comma separated").env("NATS_URL").default(DEFAULT_SERVER))
    .addOption(new Option("--user <user>", "username or token").env("NATS_USER"))
    .addOption(new Option("--password <password>", "password").env("NATS_PASSWORD"))
    .addOption(new Option("--creds <file>", "user credentials file (JWT and NKEY seed)").env("NATS_CREDS"))
    .addOption(new Option("--nkey <file>", "user NKEY seed file").env("NATS_NKEY"))
    .addOption(new Option("--tlscert <file>", "TLS client certificate file").env("NATS_CERT"))
    .addOption(new Option("--tlskey <file>", "TLS client private key file").env("NATS_KEY"))
    .addOption(new Option("--tlsca <file>", "TLS certificate authority chain file").env("NATS_CA"))
    .addOption(new Option("--timeout <duration>", "time to wait on responses from NATS").env("NATS_TIMEOUT").default(DEFAULT_TIMEOUT))
    .addOption(new Option("--connection-name <name>", "name of the connection, as the server shows it"));
}

/** The global flags as seen from `cmd` (any verb). */
export function globalOptions(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals() as Record<string, string | undefined>;
  let root: Command = cmd;
  while (root.parent) root = root.parent;
  const source = root.getOptionValueSource("server");
  return {
    server: o.server ?? DEFAULT_SERVER,
    serverGiven: source !== undefined && source !== "default",
    user: o.user,
    password: o.password,
    creds: o.creds,
    nkey: o.nkey,
    tlscert: o.tlscert,
    tlskey: o.tlskey,
    tlsca: o.tlsca,
    timeout: parseTimerDuration(o.timeout ?? DEFAULT_TIMEOUT, "--timeout"),
    connectionName: o.connectionName,
  };
}
