/**
 * Finds the nats-server binary the way the project's tests do (NATS_SERVER, then PATH, then /usr/sbin where
 * Debian installs it), and says how to install it when it is missing.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { CliError, CliErrorCode } from "../output/cli-error";

/** What to do when nats-server is missing. */
export const INSTALL_HINT =
  "install it with `sudo apt-get install nats-server` (Debian/Ubuntu), `brew install nats-server` (macOS), or from https://github.com/nats-io/nats-server/releases";

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The path of nats-server; throws a {@link CliError} with an install hint when there is none. */
export function findNatsServer(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.NATS_SERVER;
  if (given) {
    if (executable(given)) return given;
    throw new CliError(CliErrorCode.LocalServer, `NATS_SERVER=${given} is not an executable nats-server`, { hint: INSTALL_HINT });
  }
  for (const dir of [...(env.PATH ?? "").split(delimiter).filter(Boolean), "/usr/sbin", "/usr/local/sbin"]) {
    const p = join(dir, "nats-server");
    if (executable(p)) return p;
  }
  throw new CliError(CliErrorCode.LocalServer, "nats-server was not found on PATH or in /usr/sbin", { hint: INSTALL_HINT });
}
