/**
 * Reads nats@1's `userCreds` option: the path of a `.creds` file. The package imports no Node built-in (it
 * runs in browsers and workers too), so the file is read through the runtime's own `node:fs`, reached with
 * `process.getBuiltinModule` (Node 20.16+, Deno, Bun) only when such a path is given. A runtime without a file
 * system gets an error saying what to do instead.
 */
import { StanError } from "./errors";

interface FsLike {
  readFileSync(path: string): Uint8Array;
}

interface ProcessLike {
  getBuiltinModule?: (id: string) => unknown;
}

function fileSystem(): FsLike | undefined {
  const proc = (globalThis as { process?: ProcessLike }).process;
  const fs = proc?.getBuiltinModule?.("node:fs") as FsLike | undefined;
  return typeof fs?.readFileSync === "function" ? fs : undefined;
}

/**
 * A reader of the creds file at `path`, for core's `credsAuthenticator` (which calls it at each handshake, so
 * a rotated file is picked up on reconnect, as nats@1 read it at each connect). Throws a StanError at once
 * when this runtime has no file system.
 */
export function credsFileReader(path: string): () => Uint8Array {
  const fs = fileSystem();
  if (!fs) {
    throw new StanError(
      "STAN_ERR_BAD_OPTION",
      "stan: option 'userCreds' needs a file system; pass natsOptions: { authenticator: credsAuthenticator(<creds text>) } instead",
    );
  }
  return () => fs.readFileSync(path);
}
