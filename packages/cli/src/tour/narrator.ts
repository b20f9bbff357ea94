/**
 * How the tour talks: numbered steps with a short explanation, then every message it sends (→) and
 * receives (←) as it happens, with a pause between steps on a terminal so a newcomer can read along.
 */
import { delay } from "@nats-stack/core";
import { out as c } from "../output/colors";
import { CliError, CliErrorCode } from "../output/cli-error";

/** Prints the tour. */
export class Narrator {
  private n = 0;
  constructor(
    private readonly total: number,
    /** Milliseconds to pause after each step (0 when not on a terminal). */
    private readonly pauseMs: number,
  ) {}

  private line(s = ""): void {
    process.stdout.write(s + "\n");
  }

  /** Starts a step: its title and what it shows. */
  async step(title: string, ...explain: string[]): Promise<void> {
    if (this.n > 0 && this.pauseMs) await delay(this.pauseMs);
    this.n++;
    this.line();
    this.line(c.bold(c.cyan(`${this.n}/${this.total}  ${title}`)));
    for (const e of explain) this.line(c.dim(`     ${e}`));
  }

  /** Something the tour sent. */
  sent(what: string, subject: string, body?: string): void {
    this.line(`  ${c.green("→")} ${what.padEnd(9)} ${c.bold(subject)}${body !== undefined ? `  ${body}` : ""}`);
  }

  /** Something the tour received. */
  received(who: string, subject: string, body?: string): void {
    this.line(`  ${c.magenta("←")} ${who.padEnd(9)} ${c.bold(subject)}${body !== undefined ? `  ${body}` : ""}`);
  }

  /** A remark or a result. */
  note(s: string): void {
    this.line(`    ${s}`);
  }

  /** Free text, unindented. */
  say(s = ""): void {
    this.line(s);
  }
}

/** Waits until `ready()` holds, checking after each message; fails the tour with `what` after `ms`. */
export async function until(ready: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new CliError(CliErrorCode.Server, `tour: ${what} did not arrive within ${ms / 1000}s`);
    await delay(5);
  }
}
