/**
 * Questions at the terminal, as natscli asks them (`stream add` without flags, `stream rm` without `-f`):
 * the question on stderr, the answer a line on stdin. Answers can be piped (`echo y | nats-stack stream rm
 * X`); when stdin ends before an answer (a script, `< /dev/null`), the question becomes a one-line error that
 * names the flag that answers it, so nothing is ever done on a guess.
 */
import { createInterface, type Interface } from "node:readline";
import { err as c } from "./colors";
import { usageError } from "./cli-error";

/** What a question needs besides its text. */
export interface QuestionOptions {
  /** The answer an empty line gives; without one, an empty line asks again (or fails off a terminal). */
  default?: string;
  /** The flag that answers this question, named in the error when stdin has no answer. */
  flag?: string;
  /** Why an answer is not acceptable (undefined when it is). */
  check?: (answer: string) => string | undefined;
}

/** Asks questions on stderr and reads the answers from stdin, one line each. */
export class Prompter {
  private rl: Interface | undefined;
  private lines: AsyncIterator<string> | undefined;
  private readonly terminal = process.stdin.isTTY === true;

  private reader(): AsyncIterator<string> {
    if (!this.lines) {
      this.rl = createInterface({ input: process.stdin, output: this.terminal ? process.stderr : undefined, terminal: this.terminal });
      // Ctrl-C at a question ends the command like any interrupt.
      this.rl.on("SIGINT", () => {
        process.stderr.write("\n");
        process.exit(130);
      });
      this.lines = this.rl[Symbol.asyncIterator]();
    }
    return this.lines;
  }

  /** Asks `question` and resolves with the answer (trimmed; the default for an empty line). */
  ask(question: string, opts: QuestionOptions = {}): Promise<string> {
    const hint = opts.default !== undefined && opts.default !== "" ? ` ${c.dim(`(${opts.default})`)}` : "";
    return this.askShown(question, `${c.bold(question)}${hint}`, opts);
  }

  private async askShown(question: string, shown: string, opts: QuestionOptions): Promise<string> {
    for (;;) {
      process.stderr.write(`${c.green("?")} ${shown} `);
      const next = await this.reader().next();
      if (!this.terminal) process.stderr.write("\n");
      if (next.done) {
        throw usageError(`no answer to "${question}": stdin ended`, opts.flag ? `give ${opts.flag}` : undefined);
      }
      const answer = next.value.trim();
      // An empty line takes the default (which may itself be empty: "blank for all").
      if (answer === "" && opts.default !== undefined) return opts.default;
      const why = answer === "" ? "an answer is required" : opts.check?.(answer);
      if (why === undefined) return answer;
      // Off a terminal nobody can correct the answer: fail instead of reading further lines as retries.
      if (!this.terminal) throw usageError(`invalid answer '${answer}' to "${question}": ${why}`, opts.flag ? `give ${opts.flag}` : undefined);
      process.stderr.write(`${c.red("✗")} ${why}\n`);
    }
  }

  /** A yes/no question. */
  async confirm(question: string, def: boolean, flag?: string): Promise<boolean> {
    const a = await this.askShown(question, `${c.bold(`${question}?`)} ${c.dim(def ? "[Y/n]" : "[y/N]")}`, {
      default: def ? "y" : "n",
      flag,
      check: (s) => (/^(y|yes|n|no)$/i.test(s) ? undefined : "answer y or n"),
    });
    return /^y/i.test(a);
  }

  /** One of `choices` (case-insensitive; the answer is returned as listed). */
  async choose(question: string, choices: string[], def: string, flag?: string): Promise<string> {
    const a = await this.askShown(question, `${c.bold(question)} ${c.dim(`[${choices.join(", ")}] (${def})`)}`, {
      default: def,
      flag,
      check: (s) => (choices.some((x) => x.toLowerCase() === s.toLowerCase()) ? undefined : `choose one of ${choices.join(", ")}`),
    });
    return choices.find((x) => x.toLowerCase() === a.toLowerCase())!;
  }

  /** Stops reading stdin. */
  close(): void {
    this.rl?.close();
  }
}
