/** The command line's version (the package's), printed by `--version`. */
import pkg from "../package.json";

/** `nats-stack --version` prints this. */
export const VERSION: string = (pkg as { version: string }).version;
