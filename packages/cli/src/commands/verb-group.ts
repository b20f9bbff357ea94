/**
 * A verb group adds its commands to the program. Each lives in its own file under commands/ (pub-sub,
 * request, rtt, server, stan, bench, tour; stream, consumer, kv, object and conform slot in the same way).
 */
import type { Command } from "commander";

/** Adds one group of verbs to the program. */
export type VerbGroup = (program: Command) => void;
