/**
 * Runs the built `nats-stack` executable as a subprocess, the way a user does: each test file bundles it
 * once into a temp folder (a second or so), then every run is a plain `node nats-stack.cjs …` with the
 * NATS_* environment cleared so a developer's settings cannot leak in.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const pkg = join(__dirname, "..", "..");

/** The bundled executable of this test file. */
export interface BuiltCli {
  bin: string;
  dir: string;
  cleanup(): void;
}

/** Bundles the CLI with the package's own build script into a temp folder. */
export function buildCli(): BuiltCli {
  const dir = mkdtempSync(join(tmpdir(), "nats-stack-cli-test-"));
  const bin = join(dir, "nats-stack.cjs");
  const r = spawnSync(process.execPath, [join(pkg, "scripts", "build.mjs"), "--outfile", bin], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  return { bin, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The CLI built once for the calling test file (call it at the file's top level): bundled before its tests,
 * removed after them. Its fields are read once built, when a test runs it.
 */
export function cliPerFile(): BuiltCli {
  let built: BuiltCli | undefined;
  beforeAll(() => {
    built = buildCli();
  });
  afterAll(() => built?.cleanup());
  const ready = (): BuiltCli => {
    if (!built) throw new Error("the CLI is not built yet");
    return built;
  };
  return {
    get bin() {
      return ready().bin;
    },
    get dir() {
      return ready().dir;
    },
    cleanup: () => built?.cleanup(),
  };
}

/** The environment a run gets: this one without NATS_* and colour settings, plus `extra`. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith("NATS_") || k === "FORCE_COLOR" || k === "NO_COLOR") continue;
    env[k] = v;
  }
  if (!(env.PATH ?? "").split(":").includes("/usr/sbin")) env.PATH = `${env.PATH ?? ""}:/usr/sbin`;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** What a finished run left. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCli} and {@link startCli}. */
export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Text for stdin (default: none, stdin is closed). */
  input?: string;
  /** Milliseconds before the run is killed (default 30 000). */
  timeout?: number;
  cwd?: string;
}

/** A CLI process still running, with its output so far. */
export class CliProcess {
  stdout = "";
  stderr = "";
  readonly exited: Promise<CliResult>;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly child: ChildProcess, timeout: number) {
    child.stdout!.on("data", (d) => ((this.stdout += d), this.poke()));
    child.stderr!.on("data", (d) => ((this.stderr += d), this.poke()));
    const t = setTimeout(() => child.kill("SIGKILL"), timeout);
    this.exited = new Promise((resolve) => {
      child.on("close", (code) => {
        clearTimeout(t);
        this.poke();
        resolve({ code, stdout: this.stdout, stderr: this.stderr });
      });
    });
  }

  private poke(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once `pred` holds for the output (checked on every chunk); rejects after `ms`. */
  async waitFor(pred: (p: CliProcess) => boolean, what: string, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pred(this)) {
      if (Date.now() > deadline || this.child.exitCode !== null) {
        if (pred(this)) return;
        throw new Error(`timed out waiting for ${what}; stdout=${JSON.stringify(this.stdout)} stderr=${JSON.stringify(this.stderr)}`);
      }
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }
}

/** Starts the CLI and returns at once. */
export function startCli(cli: BuiltCli, args: string[], opts: RunOptions = {}): CliProcess {
  const child = spawn(process.execPath, [cli.bin, ...args], {
    env: cliEnv(opts.env),
    cwd: opts.cwd,
    stdio: [opts.input !== undefined ? "pipe" : "ignore", "pipe", "pipe"],
  });
  if (opts.input !== undefined) child.stdin!.end(opts.input);
  return new CliProcess(child, opts.timeout ?? 30_000);
}

/** Runs the CLI to the end. */
export function runCli(cli: BuiltCli, args: string[], opts: RunOptions = {}): Promise<CliResult> {
  return startCli(cli, args, opts).exited;
}

/** Lines of a text, without the trailing empty one. */
export function lines(s: string): string[] {
  return s.split("\n").filter((l, i, a) => !(i === a.length - 1 && l === ""));
}

/** A subject prefix unique to one test. */
let seq = 0;
export function prefix(name: string): string {
  return `clitest.${name}.${process.pid}.${++seq}`;
}

/** Checks a failed run: exit 1, nothing on stdout, one `nats-stack: error: …` line on stderr (no stack). */
export function expectOneLineError(r: CliResult, text: string | RegExp): void {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: "" });
  const l = lines(r.stderr).filter((x) => !x.startsWith("? "));
  expect(l).toHaveLength(1);
  expect(l[0]).toMatch(/^nats-stack: error: /);
  if (typeof text === "string") expect(l[0]).toBe(`nats-stack: error: ${text}`);
  else expect(l[0]).toMatch(text);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}
