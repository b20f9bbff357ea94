/** Consumer management over the JSON API, as nats.js's `ConsumerAPIImpl`. */
import { InvalidArgumentError } from "@nats-stack/core";
import { BaseApiClientImpl } from "../api/api-client";
import { checkConsumerInfo } from "../api/answer-shapes";
import type { SuccessResponse } from "../api/api-types";
import type {
  ConsumerApiOptions,
  ConsumerConfig,
  ConsumerCreateOptions,
  ConsumerInfo,
  ConsumerListResponse,
  ConsumerResetResponse,
  ConsumerUpdateConfig,
  CreateConsumerRequest,
  PriorityGroups,
} from "../api/consumer-config";
import { ListerImpl, type Lister } from "../api/lister";
import { minValidation, validateDurableName, validateStreamName } from "../api/names";
import { AckPolicy, ConsumerApiAction, PriorityPolicy } from "../api/policies";
import { feature } from "../api/server-features";
import { consumerCreateSubject, consumerListSubject, consumerSubject } from "../api/subjects";
import type { ConsumerAPI } from "./manager-api";

function isPriorityGroup(c: PriorityGroups): boolean {
  return c !== undefined && (c.priority_groups !== undefined || c.priority_policy !== undefined);
}

function validatePriorityGroups(pg: PriorityGroups): void {
  if (!isPriorityGroup(pg)) return;
  if (!Array.isArray(pg.priority_groups)) throw InvalidArgumentError.format(["priority_groups"], "must be an array");
  if (pg.priority_groups.length === 0) throw InvalidArgumentError.format(["priority_groups"], "must have at least one group");
  for (const g of pg.priority_groups) {
    minValidation("priority_group", g);
    if (g.length > 16) throw InvalidArgumentError.format("group", "must be 16 characters or less");
  }
  const policies: string[] = [PriorityPolicy.None, PriorityPolicy.Overflow, PriorityPolicy.PinnedClient, PriorityPolicy.Prioritized];
  if (!policies.includes(pg.priority_policy as string)) {
    throw InvalidArgumentError.format(["priority_policy"], "must be 'none', 'prioritized', 'overflow', or 'pinned_client'");
  }
}

/** Consumer create, update, info, delete, list, and the 2.11+/2.14+ pause, unpin and reset calls. */
export class ConsumerAPIImpl extends BaseApiClientImpl implements ConsumerAPI {
  /** @internal The create/update request: checks, the subject for the server's API version, the call. */
  async addUpdate(stream: string, cfg: Partial<ConsumerConfig>, opts: ConsumerApiOptions = {}, delta?: Partial<ConsumerConfig>): Promise<ConsumerInfo> {
    validateStreamName(stream);
    if (cfg === null || typeof cfg !== "object") throw InvalidArgumentError.format("config", "must be an object");
    if (cfg.deliver_group && cfg.flow_control) throw InvalidArgumentError.format(["flow_control", "deliver_group"], "are mutually exclusive");
    if (cfg.deliver_group && cfg.idle_heartbeat) throw InvalidArgumentError.format(["idle_heartbeat", "deliver_group"], "are mutually exclusive");
    if (isPriorityGroup(cfg)) {
      const { min, ok } = feature(this.nc, "JS_PRIORITY_GROUPS");
      if (!ok) throw new Error(`priority_groups require server ${min}`);
      if (cfg.deliver_subject) throw InvalidArgumentError.format("deliver_subject", "cannot be set when using priority groups");
      validatePriorityGroups(cfg);
    }
    const cr: CreateConsumerRequest = {
      stream_name: stream,
      config: cfg,
      action: opts.action ?? ConsumerApiAction.Create,
      pedantic: opts.pedantic ?? false,
    };
    if (cfg.durable_name) validateDurableName(cfg.durable_name);
    let { min, ok: newAPI } = feature(this.nc, "JS_NEW_CONSUMER_CREATE_API");
    const name = cfg.name === "" ? undefined : cfg.name;
    if (name && !newAPI) throw InvalidArgumentError.format("name", `requires server ${min}`);
    if (name) {
      try {
        minValidation("name", name);
      } catch (err) {
        const m = (err as Error).message;
        const idx = m.indexOf("cannot contain");
        if (idx !== -1) throw new Error(`consumer 'name' ${m.substring(idx)}`);
        throw err;
      }
    }
    // Several filter subjects cannot go in the subject: they need the older API form.
    if (Array.isArray(cfg.filter_subjects)) {
      ({ min, ok: newAPI } = feature(this.nc, "JS_MULTIPLE_CONSUMER_FILTER"));
      if (!newAPI) throw InvalidArgumentError.format("filter_subjects", `requires server ${min}`);
      newAPI = false;
    }
    if (cfg.metadata) {
      const f = feature(this.nc, "JS_STREAM_CONSUMER_METADATA");
      if (!f.ok) throw InvalidArgumentError.format("metadata", `requires server ${f.min}`);
    }
    const consumerName = newAPI ? (cfg.name ?? cfg.durable_name ?? "") : "";
    let fs = cfg.filter_subject ?? undefined;
    // A wildcard filter stays out of the subject: core refuses to publish to a subject with wildcards (the
    // server takes the filter from the request body either way).
    if (fs !== undefined && /(^|\.)[*>](\.|$)/.test(fs)) fs = undefined;
    const subj = consumerCreateSubject(this.prefix, stream, consumerName, fs, cfg.durable_name);
    const level = this.requiredApiLevel(delta ?? cfg);
    return checkConsumerInfo(await this._request<ConsumerInfo>(subj, cr, level > 0 ? { minApiVersion: level } : {}));
  }

  // Mirrors nats-server's setStaticConsumerMetadata.
  private requiredApiLevel(c: Partial<ConsumerConfig>): number {
    if (!this.sendRequiredApiLevel()) return 0;
    if (c.ack_policy === AckPolicy.FlowControl) return 4;
    if (typeof c.pause_until === "string" && c.pause_until !== "") return 1;
    if (c.priority_policy !== undefined && c.priority_policy !== PriorityPolicy.None) return 1;
    if (typeof c.priority_timeout === "number" && c.priority_timeout > 0) return 1;
    if (Array.isArray(c.priority_groups) && c.priority_groups.length > 0) return 1;
    return 0;
  }

  add(stream: string, cfg: Partial<ConsumerConfig>, opts: ConsumerCreateOptions | string = {}): Promise<ConsumerInfo> {
    // nats.js's older API took the action as a hidden third argument.
    if (typeof opts === "string") return this.addUpdate(stream, cfg, { action: opts as ConsumerApiAction });
    return this.addUpdate(stream, cfg, { action: ConsumerApiAction.Create, ...opts });
  }

  addOrUpdate(stream: string, cfg: Partial<ConsumerConfig>, opts: ConsumerCreateOptions = {}): Promise<ConsumerInfo> {
    return this.addUpdate(stream, cfg, { ...opts, action: ConsumerApiAction.CreateOrUpdate });
  }

  async update(stream: string, durable: string, cfg: Partial<ConsumerUpdateConfig>): Promise<ConsumerInfo> {
    const ci = await this.info(stream, durable);
    return this.addUpdate(stream, Object.assign(ci.config, cfg), { action: ConsumerApiAction.Update }, cfg);
  }

  async info(stream: string, name: string): Promise<ConsumerInfo> {
    validateStreamName(stream);
    validateDurableName(name);
    return checkConsumerInfo(await this._request<ConsumerInfo>(consumerSubject(this.prefix, "INFO", stream, name)));
  }

  async delete(stream: string, name: string): Promise<boolean> {
    validateStreamName(stream);
    validateDurableName(name);
    const r = await this._request<SuccessResponse>(consumerSubject(this.prefix, "DELETE", stream, name));
    return r.success;
  }

  list(stream: string): Lister<ConsumerInfo> {
    validateStreamName(stream);
    return new ListerImpl<ConsumerInfo>(consumerListSubject(this.prefix, stream), (v) => (v as ConsumerListResponse).consumers ?? [], this);
  }

  async pause(stream: string, name: string, until?: Date): Promise<{ paused: boolean; pause_until?: string }> {
    validateStreamName(stream);
    validateDurableName(name);
    if (!(until instanceof Date) || Number.isNaN(until.getTime())) throw InvalidArgumentError.format("until", "must be a Date");
    const { min, ok } = feature(this.nc, "JS_CONSUMER_PAUSE");
    if (!ok) throw new Error(`consumer pause requires server ${min}`);
    return this._request(consumerSubject(this.prefix, "PAUSE", stream, name), { pause_until: until.toISOString() });
  }

  resume(stream: string, name: string): Promise<{ paused: boolean; pause_until?: string }> {
    return this.pause(stream, name, new Date(0));
  }

  async unpin(stream: string, name: string, group: string): Promise<void> {
    validateStreamName(stream);
    validateDurableName(name);
    const { min, ok } = feature(this.nc, "JS_PRIORITY_GROUPS");
    if (!ok) throw new Error(`priority_groups require server ${min}`);
    await this._request(consumerSubject(this.prefix, "UNPIN", stream, name), { group });
  }

  async reset(stream: string, name: string, seq?: number): Promise<ConsumerResetResponse> {
    validateStreamName(stream);
    validateDurableName(name);
    const { min, ok } = feature(this.nc, "JS_CONSUMER_RESET");
    if (!ok) throw new Error(`consumer reset requires server ${min}`);
    if (typeof seq === "number" && (!Number.isInteger(seq) || seq < 0)) throw InvalidArgumentError.format("seq", "must be a non-negative integer");
    return this._request<ConsumerResetResponse>(consumerSubject(this.prefix, "RESET", stream, name), typeof seq === "number" ? { seq } : undefined);
  }
}
