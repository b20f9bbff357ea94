/**
 * A verb group adds its commands to the program. Each lives in its own file under commands/ (pub-sub,
 * request, rtt, server, stream, consumer, kv, object, stan, bench, tour, conform).
 */
import type { Command } from "commander";

/** Adds one group of verbs to the program. */
export type VerbGroup = (program: Command) => void;
