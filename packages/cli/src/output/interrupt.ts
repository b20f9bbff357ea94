/**
 * Waiting for Ctrl-C (SIGINT) or SIGTERM in long-running verbs (`sub`, `reply`, `server run`): the verb
 * cleans up (drains, stops its server) instead of dying mid-write, and a second Ctrl-C exits at once.
 */

/** A pending interrupt; dispose it when the verb finishes by itself. */
export interface Interrupt {
  /** Resolves with the signal's name. */
  readonly signal: Promise<NodeJS.Signals>;
  dispose(): void;
}

/** Starts listening for SIGINT and SIGTERM. */
export function onInterrupt(): Interrupt {
  let resolve!: (s: NodeJS.Signals) => void;
  const signal = new Promise<NodeJS.Signals>((r) => (resolve = r));
  let seen = false;
  const handler = (s: NodeJS.Signals) => {
    if (seen) process.exit(130);
    seen = true;
    resolve(s);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal,
    dispose: () => {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
