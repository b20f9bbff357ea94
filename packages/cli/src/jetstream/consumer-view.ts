/**
 * Consumers for people, laid out as natscli lays them out: `consumer info` as columns (configuration,
 * cluster, state) and `consumer ls` as a table of name, description, created, ack pending, unprocessed and
 * last delivery.
 */
import type { ConsumerInfo } from "@nats-stack/jetstream";
import { formatGoDuration } from "../args/duration";
import { Columns } from "../output/columns";
import { renderTable } from "../output/table";
import { localTime, sinceText } from "../output/time-text";
import { policyName } from "./stream-view";

const n = (v: number) => v.toLocaleString("en-US");

/** The time of a sequence position: the server sends `last_active` as an RFC 3339 time when there is one. */
function lastActive(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function deliverPolicy(ci: ConsumerInfo): string {
  const c = ci.config;
  switch (c.deliver_policy) {
    case "all":
      return "All";
    case "last":
      return "Last";
    case "new":
      return "New";
    case "last_per_subject":
      return "Last Per Subject";
    case "by_start_time":
      return `Since ${c.opt_start_time ? localTime(c.opt_start_time) : "?"}`;
    case "by_start_sequence":
      return `From Sequence ${c.opt_start_seq ?? 0}`;
    default:
      return String(c.deliver_policy ?? "");
  }
}

/** `consumer info`. */
export function renderConsumerInfo(ci: ConsumerInfo): string {
  const c = ci.config;
  const cols = new Columns(`Information for Consumer ${ci.stream_name} > ${ci.name} created ${localTime(ci.created)}`);
  cols.section("Configuration");
  cols.rowIfSet("Name", c.name ?? ci.name);
  cols.rowIf("Durable Name", c.durable_name ?? "", !!c.durable_name && c.durable_name !== (c.name ?? ci.name));
  cols.rowIfSet("Description", c.description);
  if (c.deliver_subject) cols.row("Delivery Subject", c.deliver_subject);
  else cols.row("Pull Mode", true);
  if (c.filter_subject) cols.row("Filter Subject", c.filter_subject);
  else if (c.filter_subjects?.length) cols.row("Filter Subjects", c.filter_subjects);
  cols.row("Deliver Policy", deliverPolicy(ci));
  cols.rowIf("Deliver Queue Group", c.deliver_group ?? "", !!c.deliver_group && !!c.deliver_subject);
  cols.row("Ack Policy", policyName(c.ack_policy));
  cols.rowIf("Ack Wait", formatGoDuration(c.ack_wait ?? 0), c.ack_policy !== "none");
  cols.row("Replay Policy", policyName(c.replay_policy));
  cols.rowIf("Maximum Deliveries", c.max_deliver ?? -1, (c.max_deliver ?? -1) !== -1);
  cols.rowIfSet("Sampling Rate", c.sample_freq);
  cols.rowIf("Max Ack Pending", c.max_ack_pending ?? 0, (c.max_ack_pending ?? 0) > 0);
  cols.rowIf("Max Waiting Pulls", c.max_waiting ?? 0, (c.max_waiting ?? 0) > 0);
  cols.rowIf("Idle Heartbeat", formatGoDuration(c.idle_heartbeat ?? 0), (c.idle_heartbeat ?? 0) > 0);
  cols.rowIf("Flow Control", c.flow_control === true, !!c.deliver_subject);
  cols.rowIf("Headers Only", true, c.headers_only === true);
  cols.rowIf("Inactive Threshold", formatGoDuration(c.inactive_threshold ?? 0), (c.inactive_threshold ?? 0) > 0 && !c.deliver_subject);
  cols.rowIf("Max Pull Expire", formatGoDuration(c.max_expires ?? 0), (c.max_expires ?? 0) > 0);
  cols.rowIf("Max Pull Batch", c.max_batch ?? 0, (c.max_batch ?? 0) > 0);
  cols.rowIf("Max Pull MaxBytes", c.max_bytes ?? 0, (c.max_bytes ?? 0) > 0);
  cols.rowIf("Backoff", (c.backoff ?? []).map(formatGoDuration), (c.backoff ?? []).length > 0);
  cols.rowIf("Replicas", c.num_replicas ?? 0, (c.num_replicas ?? 0) > 0);
  cols.rowIf("Memory Storage", true, c.mem_storage === true);

  if (ci.cluster?.name) {
    cols.section("Cluster Information");
    cols.row("Name", ci.cluster.name);
    cols.rowIfSet("Raft Group", ci.cluster.raft_group);
    cols.row("Leader", ci.cluster.leader ?? "");
    for (const r of ci.cluster.replicas ?? []) cols.row("Replica", `${r.name}, ${r.current ? "current" : "outdated"}`);
  }

  cols.section("State");
  const d = ci.delivered;
  const dLast = lastActive(d.last_active);
  cols.row("Last Delivered Message", `Consumer sequence: ${n(d.consumer_seq)} Stream sequence: ${n(d.stream_seq)}${dLast ? ` Last delivery: ${sinceText(dLast, ci.ts)} ago` : ""}`);
  if (c.ack_policy !== "none") {
    const a = ci.ack_floor;
    const aLast = lastActive(a.last_active);
    cols.row("Acknowledgment Floor", `Consumer sequence: ${n(a.consumer_seq)} Stream sequence: ${n(a.stream_seq)}${aLast ? ` Last Ack: ${sinceText(aLast, ci.ts)} ago` : ""}`);
    cols.row("Outstanding Acks", (c.max_ack_pending ?? 0) > 0 ? `${n(ci.num_ack_pending)} out of maximum ${n(c.max_ack_pending!)}` : n(ci.num_ack_pending));
    cols.row("Redelivered Messages", ci.num_redelivered);
  }
  cols.row("Unprocessed Messages", ci.num_pending);
  if (!c.deliver_subject) {
    cols.row("Waiting Pulls", `${n(ci.num_waiting)} of ${(c.max_waiting ?? 0) > 0 ? `maximum ${n(c.max_waiting!)}` : "unlimited"}`);
  } else {
    cols.row("Active Interest", ci.push_bound ? (c.deliver_group ? `Active using Queue Group ${c.deliver_group}` : "Active") : "No interest");
  }
  return cols.render();
}

/** `consumer ls`. */
export function renderConsumerTable(infos: ConsumerInfo[]): string {
  const rows = infos.map((ci) => [
    ci.name,
    ci.config.description ?? "",
    localTime(ci.created),
    n(ci.num_ack_pending),
    n(ci.num_pending),
    sinceText(lastActive(ci.delivered.last_active), ci.ts),
  ]);
  return renderTable(["Name", "Description", "Created", "Ack Pending", "Unprocessed", "Last Delivery"], rows, [], "Consumers");
}
