/**
 * The configuration `stream add` creates, from flags and, for what the flags leave open, natscli's questions
 * in natscli's order (subjects, storage, replicas, retention, discard, limits, duplicate window, roll-ups,
 * deletes, purges). `--defaults` takes every default without asking; a question that has no default (the
 * name, the subjects) is still asked. Flags are checked before the connection opens; answers as they come.
 */
import { readFileSync } from "node:fs";
import type { StreamConfig } from "@nats-stack/jetstream";
import { validateStreamName } from "@nats-stack/jetstream/internal";
import { formatGoDuration } from "../args/duration";
import { parseWhole } from "../args/numbers";
import { CliError, CliErrorCode, usageError } from "../output/cli-error";
import type { Prompter } from "../output/prompt";
import { parseChoice, parseLimit, parseNanos, parseSizeLimit, subjectList } from "./js-args";

/** The flags of `stream add`. */
export interface StreamAddFlags {
  subjects?: string[];
  description?: string;
  storage?: string;
  replicas?: string;
  retention?: string;
  discard?: string;
  maxAge?: string;
  maxBytes?: string;
  maxConsumers?: string;
  maxMsgSize?: string;
  maxMsgs?: string;
  maxMsgsPerSubject?: string;
  dupeWindow?: string;
  allowRollup?: boolean;
  denyDelete?: boolean;
  denyPurge?: boolean;
  allowDirect?: boolean;
  ack?: boolean;
  config?: string;
  defaults?: boolean;
  json?: boolean;
}

/** `--storage` values as natscli takes them. */
export const STORAGE = { file: "file", f: "file", memory: "memory", m: "memory" } as const;
const RETENTION = { limits: "limits", interest: "interest", workq: "workqueue", work: "workqueue", "work queue": "workqueue", workqueue: "workqueue" } as const;
const DISCARD = { new: "new", old: "old" } as const;

/** Stream names are checked as the JetStream client checks them (`stream name ('a.b') cannot contain '.'`). */
export function checkStreamName(name: string): string {
  try {
    validateStreamName(name);
  } catch (e) {
    throw usageError((e as Error).message);
  }
  return name;
}

/** The flags that were given, checked and converted; what stays undefined is asked for (or defaulted). */
export interface CheckedStreamFlags {
  name?: string;
  subjects?: string[];
  storage?: "file" | "memory";
  replicas?: number;
  retention?: "limits" | "interest" | "workqueue";
  discard?: "new" | "old";
  maxMsgs?: number;
  maxMsgsPerSubject?: number;
  maxBytes?: number;
  maxAge?: number;
  maxMsgSize?: number;
  dupeWindow?: number;
  fileConfig?: Partial<StreamConfig>;
}

/** Checks every given flag (before connecting). */
export function checkStreamFlags(name: string | undefined, f: StreamAddFlags): CheckedStreamFlags {
  const c: CheckedStreamFlags = {};
  if (name !== undefined) c.name = checkStreamName(name);
  if (f.subjects !== undefined) {
    c.subjects = subjectList(f.subjects, "--subjects");
    checkCaptureAll(c.subjects, f.ack);
  }
  if (f.storage !== undefined) c.storage = parseChoice(f.storage, "--storage", STORAGE);
  if (f.replicas !== undefined) {
    // Not parseLimit: replicas have no -1 (unlimited), and its text offered one.
    c.replicas = parseWhole(f.replicas, "--replicas", 1);
  }
  if (f.retention !== undefined) c.retention = parseChoice(f.retention, "--retention", RETENTION);
  if (f.discard !== undefined) c.discard = parseChoice(f.discard, "--discard", DISCARD);
  if (f.maxMsgs !== undefined) c.maxMsgs = parseLimit(f.maxMsgs, "--max-msgs");
  if (f.maxMsgsPerSubject !== undefined) c.maxMsgsPerSubject = parseLimit(f.maxMsgsPerSubject, "--max-msgs-per-subject");
  if (f.maxBytes !== undefined) c.maxBytes = parseSizeLimit(f.maxBytes, "--max-bytes");
  if (f.maxAge !== undefined) c.maxAge = parseNanos(f.maxAge, "--max-age");
  if (f.maxMsgSize !== undefined) c.maxMsgSize = parseSizeLimit(f.maxMsgSize, "--max-msg-size");
  if (f.dupeWindow !== undefined) c.dupeWindow = parseNanos(f.dupeWindow, "--dupe-window");
  if (f.maxConsumers !== undefined) parseLimit(f.maxConsumers, "--max-consumers");
  if (f.config !== undefined) c.fileConfig = readConfigFile(f.config);
  return c;
}

/** A JSON configuration file: a StreamConfig, or a `stream info --json` output (its `config`). */
function readConfigFile(path: string): Partial<StreamConfig> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : (e as Error).message;
    throw new CliError(CliErrorCode.File, `--config file '${path}' ${why}`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw usageError(`--config file '${path}' is not JSON: ${(e as Error).message}`);
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw usageError(`--config file '${path}' does not hold a JSON object`);
  const o = v as { config?: unknown };
  return (o.config && typeof o.config === "object" ? o.config : o) as Partial<StreamConfig>;
}

const limitCheck = (s: string) => (/^-?\d+$/.test(s) && Number(s) >= -1 ? undefined : "a whole number, or -1 for unlimited");
const sizeCheck = (flag: string) => (s: string) => {
  try {
    parseSizeLimit(s, flag);
    return undefined;
  } catch {
    return "a size (1GB, 512MiB) or -1 for unlimited";
  }
};
const durationCheck = (flag: string) => (s: string) => {
  try {
    parseNanos(s, flag);
    return undefined;
  } catch {
    return "a duration (2m, 1h, 1y) or -1 for unlimited";
  }
};

/** The whole configuration: given flags, then answers (or defaults with `--defaults`). */
export async function streamConfig(c: CheckedStreamFlags, f: StreamAddFlags, ask: Prompter): Promise<Partial<StreamConfig> & { name: string }> {
  if (c.fileConfig) {
    // natscli: a configuration file gives everything; the name and the subjects on the command line win.
    const name = c.name ?? (typeof c.fileConfig.name === "string" ? checkStreamName(c.fileConfig.name) : undefined);
    if (!name) throw usageError("the stream needs a name: give it as an argument or in the --config file");
    return { ...c.fileConfig, name, ...(c.subjects ? { subjects: c.subjects } : {}), ...(f.description ? { description: f.description } : {}) };
  }
  const defaults = f.defaults === true;
  const name = c.name ?? checkStreamName(await ask.ask("Stream Name", { flag: "the stream name as an argument", check: nameCheck }));
  const subjects =
    c.subjects ?? subjectList([await ask.ask("Subjects", { flag: "--subjects", check: subjectsCheck })], "Subjects");
  const storage = c.storage ?? (defaults ? "file" : parseChoice(await ask.choose("Storage", ["file", "memory"], "file", "--storage"), "Storage", STORAGE));
  const replicas = c.replicas ?? (defaults ? 1 : Number(await ask.ask("Replication", { default: "1", flag: "--replicas", check: (s) => (/^\d+$/.test(s) && Number(s) >= 1 ? undefined : "a whole number of at least 1") })));
  const retention =
    c.retention ?? (defaults ? "limits" : parseChoice(await ask.choose("Retention Policy", ["Limits", "Interest", "Work Queue"], "Limits", "--retention"), "Retention", RETENTION));
  const discard = c.discard ?? (defaults ? "old" : parseChoice(await ask.choose("Discard Policy", ["New", "Old"], "Old", "--discard"), "Discard", DISCARD));
  const maxMsgs = c.maxMsgs ?? (defaults ? -1 : Number(await ask.ask("Stream Messages Limit", { default: "-1", flag: "--max-msgs", check: limitCheck })));
  const maxMsgsPerSubject =
    c.maxMsgsPerSubject ?? (defaults ? -1 : Number(await ask.ask("Per Subject Messages Limit", { default: "-1", flag: "--max-msgs-per-subject", check: limitCheck })));
  const maxBytes = c.maxBytes ?? (defaults ? -1 : parseSizeLimit(await ask.ask("Total Stream Size", { default: "-1", flag: "--max-bytes", check: sizeCheck("--max-bytes") }), "--max-bytes"));
  const maxAge = c.maxAge ?? (defaults ? 0 : parseNanos(await ask.ask("Message TTL", { default: "-1", flag: "--max-age", check: durationCheck("--max-age") }), "--max-age"));
  const maxMsgSize =
    c.maxMsgSize ?? (defaults ? -1 : parseSizeLimit(await ask.ask("Max Message Size", { default: "-1", flag: "--max-msg-size", check: sizeCheck("--max-msg-size") }), "--max-msg-size"));
  // natscli: a two-minute window, or the maximum age when that is shorter.
  const defaultWindow = maxAge > 0 && maxAge < 120e9 ? maxAge : 120e9;
  const dupeWindow =
    c.dupeWindow ??
    (defaults ? defaultWindow : parseNanos(await ask.ask("Duplicate tracking time window", { default: formatGoDuration(defaultWindow), flag: "--dupe-window", check: durationCheck("--dupe-window") }), "--dupe-window"));
  const allowRollup = f.allowRollup ?? (defaults ? false : await ask.confirm("Allow message Roll-ups", false, "--allow-rollup or --no-allow-rollup"));
  const denyDelete = f.denyDelete ?? (defaults ? false : !(await ask.confirm("Allow message deletion", true, "--deny-delete or --no-deny-delete")));
  const denyPurge = f.denyPurge ?? (defaults ? false : !(await ask.confirm("Allow purging subjects or the entire stream", true, "--deny-purge or --no-deny-purge")));

  const cfg: Partial<StreamConfig> & { name: string } = {
    name,
    subjects,
    storage,
    num_replicas: replicas,
    retention,
    discard,
    max_msgs: maxMsgs <= 0 ? -1 : maxMsgs,
    max_msgs_per_subject: maxMsgsPerSubject <= 0 ? -1 : maxMsgsPerSubject,
    max_bytes: maxBytes <= 0 ? -1 : maxBytes,
    max_age: maxAge,
    max_msg_size: maxMsgSize <= 0 ? -1 : maxMsgSize,
    duplicate_window: dupeWindow,
    max_consumers: f.maxConsumers !== undefined ? parseLimit(f.maxConsumers, "--max-consumers") : -1,
    allow_rollup_hdrs: allowRollup,
    deny_delete: denyDelete,
    deny_purge: denyPurge,
    allow_direct: f.allowDirect ?? true,
    no_ack: f.ack === false,
  };
  if (f.description) cfg.description = f.description;
  checkCaptureAll(subjects, f.ack);
  return cfg;
}

/** natscli refuses a stream on `>` with acknowledgements: it would store its own acknowledgements. */
function checkCaptureAll(subjects: string[], ack: boolean | undefined): void {
  if (ack !== false && subjects.includes(">")) throw usageError("subjects cannot be '>' when acknowledgements are enabled (the stream would capture its own acknowledgements)", "use --no-ack, or narrower subjects");
}

function nameCheck(s: string): string | undefined {
  try {
    validateStreamName(s);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function subjectsCheck(s: string): string | undefined {
  try {
    subjectList([s], "Subjects");
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
