/**
 * The configuration `consumer add` creates, from flags and, for what they leave open, natscli's questions in
 * natscli's order (name, delivery target, queue group, start policy, ack policy, replay policy, filter,
 * deliveries, pending acks, heartbeat, flow control, headers only). `--defaults` takes every default: a pull
 * consumer with explicit acks delivering everything, instantly. Flags are checked before connecting.
 */
import { checkSubject } from "@nats-stack/core";
import type { ConsumerConfig } from "@nats-stack/jetstream";
import { validateDurableName } from "@nats-stack/jetstream/internal";
import { parseDuration } from "../args/duration";
import { usageError } from "../output/cli-error";
import type { Prompter } from "../output/prompt";
import { parseChoice, parseLimit, parseNanos, subjectList } from "./js-args";

/** The flags of `consumer add`. */
export interface ConsumerAddFlags {
  ack?: string;
  deliver?: string;
  deliverGroup?: string;
  description?: string;
  ephemeral?: boolean;
  filter?: string[];
  flowControl?: boolean;
  heartbeat?: string;
  headersOnly?: boolean;
  maxDeliver?: string;
  maxPending?: string;
  maxWaiting?: string;
  pull?: boolean;
  replay?: string;
  target?: string;
  wait?: string;
  inactiveThreshold?: string;
  memory?: boolean;
  replicas?: string;
  defaults?: boolean;
  json?: boolean;
}

const ACK = { none: "none", all: "all", explicit: "explicit" } as const;
const REPLAY = { instant: "instant", original: "original" } as const;

/** Consumer names are checked as the JetStream client checks durable names. */
export function checkConsumerName(name: string): string {
  try {
    validateDurableName(name);
  } catch (e) {
    throw usageError((e as Error).message.replace(/^durable name/, "consumer name"));
  }
  return name;
}

/** Where a consumer starts, from natscli's `--deliver` forms: all, new, last, subject, 1h, a sequence. */
export function startPolicy(text: string): Pick<ConsumerConfig, "deliver_policy" | "opt_start_seq" | "opt_start_time"> {
  const s = text.trim().toLowerCase();
  if (s === "all") return { deliver_policy: "all" };
  if (s === "last") return { deliver_policy: "last" };
  if (s === "new" || s === "next") return { deliver_policy: "new" };
  if (s === "subject" || s === "last_per_subject") return { deliver_policy: "last_per_subject" };
  if (/^\d+$/.test(s)) {
    if (Number(s) < 1) throw usageError("a start sequence must be at least 1");
    // Past 2^53 the sequence is not exact in JSON (the server answered "invalid JSON").
    if (!Number.isSafeInteger(Number(s))) throw usageError(`a start sequence must be at most ${Number.MAX_SAFE_INTEGER}, not '${text}'`);
    return { deliver_policy: "by_start_sequence", opt_start_seq: Number(s) };
  }
  const ago = parseDuration(s, "start policy");
  return { deliver_policy: "by_start_time", opt_start_time: new Date(Date.now() - ago).toISOString() };
}

function startCheck(s: string): string | undefined {
  try {
    startPolicy(s);
    return undefined;
  } catch {
    return "all, new, last, subject, a duration (1h) or a sequence";
  }
}

/** Checks every given flag (before connecting). */
export function checkConsumerFlags(name: string | undefined, f: ConsumerAddFlags): void {
  if (name !== undefined) checkConsumerName(name);
  if (f.pull && f.target !== undefined) throw usageError("--pull and --target cannot be combined (--target makes a push consumer)");
  if (f.target !== undefined) checkSubject(f.target);
  if (f.filter !== undefined) subjectList(f.filter, "--filter");
  if (f.deliver !== undefined) startPolicy(f.deliver);
  if (f.ack !== undefined) parseChoice(f.ack, "--ack", ACK);
  if (f.replay !== undefined) parseChoice(f.replay, "--replay", REPLAY);
  if (f.maxDeliver !== undefined) parseLimit(f.maxDeliver, "--max-deliver");
  if (f.maxPending !== undefined) parseLimit(f.maxPending, "--max-pending");
  if (f.maxWaiting !== undefined) parseLimit(f.maxWaiting, "--max-waiting");
  if (f.replicas !== undefined) parseLimit(f.replicas, "--replicas");
  if (f.wait !== undefined) parseNanos(f.wait, "--wait");
  if (f.heartbeat !== undefined) parseNanos(f.heartbeat, "--heartbeat");
  if (f.inactiveThreshold !== undefined) parseNanos(f.inactiveThreshold, "--inactive-threshold");
  if (f.pull && f.heartbeat !== undefined && f.heartbeat !== "-1") throw usageError("pull consumers do not support idle heartbeats (--heartbeat)");
  if (f.pull && f.flowControl) throw usageError("pull consumers do not support flow control (--flow-control)");
  if (f.pull && f.deliverGroup) throw usageError("pull consumers have no deliver group (--deliver-group)");
}

const wholeCheck = (s: string) => (/^-?\d+$/.test(s) && Number(s) >= -1 ? undefined : "a whole number (-1 for unlimited)");

/** The consumer's configuration: given flags, then answers (or defaults with `--defaults`). */
export async function consumerConfig(nameArg: string | undefined, f: ConsumerAddFlags, ask: Prompter): Promise<Partial<ConsumerConfig>> {
  const defaults = f.defaults === true;
  let name = nameArg;
  if (name === undefined && !f.ephemeral) {
    name = checkConsumerName(await ask.ask("Consumer name", { flag: "the consumer name as an argument (or --ephemeral)", check: nameCheck }));
  }
  let target = f.pull ? "" : f.target;
  if (target === undefined) {
    target = defaults ? "" : await ask.ask("Delivery target (empty for Pull Consumers)", { default: "", flag: "--pull or --target SUBJECT", check: (s) => (subjectOk(s, false) ? undefined : "a subject without wildcards") });
  }
  const push = target !== "";
  let group = f.deliverGroup;
  if (push && group === undefined) group = defaults ? "" : await ask.ask("Delivery Queue Group", { default: "", flag: "--deliver-group" });
  const start = startPolicy(f.deliver ?? (defaults ? "all" : await ask.ask("Start policy (all, new, last, subject, 1h, msg sequence)", { default: "all", flag: "--deliver", check: startCheck })));
  const ackDefault = push ? "none" : "explicit";
  const ack = f.ack !== undefined ? parseChoice(f.ack, "--ack", ACK) : defaults ? ackDefault : parseChoice(await ask.choose("Acknowledgment policy", ["explicit", "all", "none"], ackDefault, "--ack"), "--ack", ACK);
  const replay = f.replay !== undefined ? parseChoice(f.replay, "--replay", REPLAY) : defaults ? "instant" : parseChoice(await ask.choose("Replay policy", ["instant", "original"], "instant", "--replay"), "--replay", REPLAY);
  let filters = f.filter !== undefined ? subjectList(f.filter, "--filter") : [];
  if (f.filter === undefined && !defaults) {
    const a = await ask.ask("Filter Stream by subjects (blank for all)", { default: "", flag: "--filter", check: (s) => (filtersOk(s) ? undefined : "subjects separated by commas or spaces") });
    filters = subjectList(a ? [a] : [], "--filter");
  }
  let maxDeliver = -1;
  let maxPending = 0;
  if (ack !== "none") {
    maxDeliver = f.maxDeliver !== undefined ? parseLimit(f.maxDeliver, "--max-deliver") : defaults ? -1 : Number(await ask.ask("Maximum Allowed Deliveries", { default: "-1", flag: "--max-deliver", check: wholeCheck }));
    maxPending = f.maxPending !== undefined ? parseLimit(f.maxPending, "--max-pending") : defaults ? 0 : Number(await ask.ask("Maximum Acknowledgments Pending", { default: "0", flag: "--max-pending", check: wholeCheck }));
  }
  let heartbeat = 0;
  let flowControl = false;
  if (push) {
    heartbeat = f.heartbeat !== undefined ? parseNanos(f.heartbeat, "--heartbeat") : defaults ? 0 : parseNanos(await ask.ask("Idle Heartbeat", { default: "0s", flag: "--heartbeat", check: (s) => (durationOk(s) ? undefined : "a duration (5s)") }), "--heartbeat");
    flowControl = f.flowControl ?? (defaults ? false : await ask.confirm("Enable Flow Control, ie --flow-control", false, "--flow-control"));
  }
  const headersOnly = f.headersOnly ?? (defaults ? false : await ask.confirm("Deliver headers only without bodies", false, "--headers-only or --no-headers-only"));

  const cfg: Partial<ConsumerConfig> = { ack_policy: ack, replay_policy: replay, ...start };
  if (name !== undefined) {
    if (f.ephemeral) cfg.name = name;
    else cfg.durable_name = name;
  }
  if (f.description) cfg.description = f.description;
  if (push) {
    cfg.deliver_subject = target;
    if (group) cfg.deliver_group = group;
    if (heartbeat > 0) cfg.idle_heartbeat = heartbeat;
    if (flowControl) cfg.flow_control = true;
  } else if (f.maxWaiting !== undefined) {
    cfg.max_waiting = parseLimit(f.maxWaiting, "--max-waiting");
  }
  if (filters.length === 1) cfg.filter_subject = filters[0];
  else if (filters.length > 1) cfg.filter_subjects = filters;
  else if (cfg.deliver_policy === "last_per_subject") cfg.filter_subject = ">";
  cfg.max_deliver = ack === "none" ? -1 : maxDeliver === 0 ? -1 : maxDeliver;
  if (maxPending > 0) cfg.max_ack_pending = maxPending;
  if (f.wait !== undefined) {
    const w = parseNanos(f.wait, "--wait");
    if (w > 0) cfg.ack_wait = w;
  }
  if (headersOnly) cfg.headers_only = true;
  if (f.inactiveThreshold !== undefined) cfg.inactive_threshold = parseNanos(f.inactiveThreshold, "--inactive-threshold");
  if (f.memory) cfg.mem_storage = true;
  if (f.replicas !== undefined) cfg.num_replicas = parseLimit(f.replicas, "--replicas");
  return cfg;
}

function nameCheck(s: string): string | undefined {
  try {
    checkConsumerName(s);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function subjectOk(s: string, wildcards: boolean): boolean {
  if (s === "") return true;
  try {
    checkSubject(s, { wildcards });
    return true;
  } catch {
    return false;
  }
}

function filtersOk(s: string): boolean {
  try {
    subjectList([s], "--filter");
    return true;
  } catch {
    return false;
  }
}

function durationOk(s: string): boolean {
  try {
    parseNanos(s, "--heartbeat");
    return true;
  } catch {
    return false;
  }
}
