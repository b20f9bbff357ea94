/**
 * `conform server|client|record|diff|list …`: the conformance kit of @nats-stack/fixtures, the same program
 * as its `nats-conform` command. Everything after `conform` goes to the kit untouched (its own options,
 * `--` and the client command after it), and its exit status is the command's: 0 passed, 1 a scenario
 * failed or the recordings differ, 2 a usage error.
 *
 * The kit reads its transcripts from the corpus shipped next to this executable (`dist/fixtures/
 * transcripts`, copied there by the build), unless NATS_STACK_FIXTURES names another fixtures folder.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { conformMain } from "@nats-stack/fixtures/conform";
import type { VerbGroup } from "./verb-group";

/** The fixtures folder shipped beside the bundled executable, when there is one. */
function shippedFixtures(): string | undefined {
  // Bundled as CommonJS, __dirname is the executable's folder; run from source it may not exist.
  if (typeof __dirname !== "string") return undefined;
  const dir = join(__dirname, "fixtures");
  return existsSync(join(dir, "transcripts")) ? dir : undefined;
}

/**
 * The arguments after the verb, as typed (`raw` is the command line without node and the script): the
 * program's own parsing takes options it knows (`--server`, `--timeout`) wherever they are, but the kit has
 * options of those names, so it gets the raw arguments.
 */
export function argsAfterVerb(cmd: Command, raw: string[] = process.argv.slice(2)): string[] {
  let root: Command = cmd;
  while (root.parent) root = root.parent;
  const names = new Set([cmd.name(), ...cmd.aliases()]);
  for (let i = 0; i < raw.length; i++) {
    const a = raw[i]!;
    if (names.has(a)) return raw.slice(i + 1);
    // A global option before the verb, and its value when it takes one (`-s URL`, not `--server=URL`).
    const opt = a.startsWith("-") ? root.options.find((o) => o.long === a.split("=")[0] || o.short === a) : undefined;
    if (!opt) break;
    if ((opt.required || opt.optional) && !a.includes("=")) i++;
  }
  return cmd.args;
}

async function conform(_args: string[], _opts: unknown, cmd: Command): Promise<void> {
  const shipped = shippedFixtures();
  if (!process.env.NATS_STACK_FIXTURES && shipped) process.env.NATS_STACK_FIXTURES = shipped;
  process.exitCode = await conformMain(argsAfterVerb(cmd), {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
  });
}

/** Adds `conform`. */
export const conformVerbs: VerbGroup = (program) => {
  program
    .command("conform")
    .description("the conformance kit: check a NATS server or client against recorded transcripts (server, client, record, diff, list; `conform help`)")
    .argument("[args...]", "the kit's command and its arguments (see `nats-stack conform help`)")
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(conform);
};
