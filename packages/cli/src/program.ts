/** The `nats-stack` program: the global connection flags and every verb group, each from its own file. */
import { Command } from "commander";
import { addGlobalOptions } from "./connection/global-options";
import { benchVerbs } from "./commands/bench";
import { conformVerbs } from "./commands/conform";
import { consumerVerbs } from "./commands/consumer";
import { kvVerbs } from "./commands/kv";
import { objectVerbs } from "./commands/object";
import { pubSubVerbs } from "./commands/pub-sub";
import { requestVerbs } from "./commands/request";
import { rttVerbs } from "./commands/rtt";
import { serverVerbs } from "./commands/server";
import { stanVerbs } from "./commands/stan";
import { streamVerbs } from "./commands/stream";
import { tourVerbs } from "./commands/tour";
import type { VerbGroup } from "./commands/verb-group";
import { VERSION } from "./version";

/** Every verb group, in the order `--help` lists them. */
export const VERB_GROUPS: VerbGroup[] = [
  pubSubVerbs,
  requestVerbs,
  rttVerbs,
  serverVerbs,
  streamVerbs,
  consumerVerbs,
  kvVerbs,
  objectVerbs,
  stanVerbs,
  benchVerbs,
  tourVerbs,
  conformVerbs,
];

/** Builds the program; `write` receives commander's own messages (help, usage errors). */
export function buildProgram(): Command {
  const program = new Command("nats-stack")
    .description("NATS at the terminal, on nats-stack's own client: natscli's verbs, a benchmark report and a tour")
    .version(VERSION, "-v, --version", "print the version")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      // Commander's usage errors ("error: unknown option '--x'") become our one-line form.
      outputError: (str, write) => write(`nats-stack: ${str.trim().replace(/\s*\n\s*/g, " ")}\n`),
    });
  addGlobalOptions(program);
  for (const group of VERB_GROUPS) group(program);
  // Every verb inherits exitOverride and the output settings.
  const inherit = (cmd: Command) => {
    for (const sub of cmd.commands) {
      sub.exitOverride().configureOutput(program.configureOutput()).showSuggestionAfterError(true);
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}
