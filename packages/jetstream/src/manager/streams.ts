/** Stream management over the JSON API, as nats.js's `StreamAPIImpl`. */
import { InvalidArgumentError } from "@nats-stack/core";
import { BaseApiClientImpl } from "../api/api-client";
import type { SuccessResponse } from "../api/api-types";
import { JetStreamApiCodes, JetStreamApiError, JetStreamError } from "../api/errors";
import { ListerImpl, type Lister } from "../api/lister";
import type { MsgDeleteRequest, MsgRequest, StoredMsg, StreamMsgResponse } from "../api/message-types";
import { validateStreamName } from "../api/names";
import { checkStreamInfo } from "../api/answer-shapes";
import type { PurgeOpts, PurgeResponse, StreamConfig, StreamInfo, StreamInfoRequestOptions, StreamUpdateConfig } from "../api/stream-config";
import { streamListSubject, streamMsgSubject, streamNamesSubject, streamSubject } from "../api/subjects";
import type { Stream, StreamAPI, WithRequired } from "./manager-api";
import { StoredMsgImpl } from "./stored-msg";
import { StreamImpl } from "./stream";
import { checkStreamConfigVersions, convertStreamSourceDomain, minStreamApi } from "./stream-version-checks";

type StreamList = { streams: StreamInfo[] };
/** The answer of `STREAM.NAMES`. */
export type StreamNames = { streams: string[] | null };

/** Stream CRUD, purge, stored-message get/delete, find, list and names. */
export class StreamAPIImpl extends BaseApiClientImpl implements StreamAPI {
  private requiredApiOpts(c: Partial<StreamConfig>): { minApiVersion?: number } {
    if (!this.sendRequiredApiLevel()) return {};
    const v = minStreamApi(c);
    return v > 0 ? { minApiVersion: v } : {};
  }

  async add(cfg: WithRequired<Partial<StreamConfig>, "name">): Promise<StreamInfo> {
    if (cfg === null || typeof cfg !== "object") throw InvalidArgumentError.format("config", "must be an object");
    checkStreamConfigVersions(this.nc, cfg);
    validateStreamName(cfg.name);
    const body: Partial<StreamConfig> = { ...cfg, mirror: convertStreamSourceDomain(cfg.mirror) };
    if (cfg.sources) body.sources = cfg.sources.map((s) => convertStreamSourceDomain(s)!);
    const si = await this._request<StreamInfo>(streamSubject(this.prefix, "CREATE", cfg.name), body, this.requiredApiOpts(cfg));
    return fixInfo(si);
  }

  async delete(stream: string): Promise<boolean> {
    validateStreamName(stream);
    const r = await this._request<SuccessResponse>(streamSubject(this.prefix, "DELETE", stream));
    return r.success;
  }

  async update(name: string | StreamConfig, cfg: Partial<StreamUpdateConfig> = {}): Promise<StreamInfo> {
    // nats.js still accepts the old update(config) form.
    if (typeof name === "object" && name !== null) {
      cfg = name;
      name = name.name;
    }
    // null was a TypeError reading 'metadata' (nats.js too): the same check as add()'s
    if (cfg === null || typeof cfg !== "object") throw InvalidArgumentError.format("config", "must be an object");
    checkStreamConfigVersions(this.nc, cfg);
    validateStreamName(name);
    const old = await this.info(name);
    const update: Partial<StreamConfig> = Object.assign(old.config, cfg);
    update.mirror = convertStreamSourceDomain(update.mirror);
    if (update.sources) update.sources = update.sources.map((s) => convertStreamSourceDomain(s)!);
    const si = await this._request<StreamInfo>(streamSubject(this.prefix, "UPDATE", name), update, this.requiredApiOpts(cfg));
    return fixInfo(si);
  }

  /** The stream's info; a subject listing the server pages (`subjects_filter`) is fetched whole and joined. */
  async info(name: string, data?: Partial<StreamInfoRequestOptions>): Promise<StreamInfo> {
    validateStreamName(name);
    const subj = streamSubject(this.prefix, "INFO", name);
    let si = checkStreamInfo(await this._request<StreamInfo>(subj, data));
    let { total, limit } = si;
    let have = si.state.subjects ? Object.keys(si.state.subjects).length : 1;
    if (total && total > have) {
      const infos = [si];
      const paged: Partial<StreamInfoRequestOptions> = { ...data };
      for (let i = 1; total > have; i++) {
        paged.offset = limit * i;
        const r = checkStreamInfo(await this._request<StreamInfo>(subj, paged));
        total = r.total;
        infos.push(r);
        const count = r.state.subjects ? Object.keys(r.state.subjects).length : 0;
        have += count;
        if (count < limit) break;
      }
      let subjects: Record<string, number> = {};
      for (const x of infos) if (x.state.subjects) subjects = Object.assign(subjects, x.state.subjects);
      si = infos[infos.length - 1]!;
      // Do not give the impression that the answer was paged.
      si.offset = 0;
      si.total = 0;
      si.limit = 0;
      si.state.subjects = subjects;
    }
    return fixInfo(si);
  }

  list(subject = ""): Lister<StreamInfo> {
    const payload = subject?.length ? { subject } : {};
    return new ListerImpl<StreamInfo>(streamListSubject(this.prefix), (v) => streamsOf(v).map(fixInfo), this, payload);
  }

  async purge(name: string, opts?: PurgeOpts): Promise<PurgeResponse> {
    if (opts) {
      const { keep, seq } = opts as { keep?: number; seq?: number };
      if (typeof keep === "number" && typeof seq === "number") throw InvalidArgumentError.format(["keep", "seq"], "are mutually exclusive");
    }
    validateStreamName(name);
    return this._request<PurgeResponse>(streamSubject(this.prefix, "PURGE", name), opts);
  }

  async deleteMessage(stream: string, seq: number, erase = true): Promise<boolean> {
    validateStreamName(stream);
    const dr: MsgDeleteRequest = { seq };
    if (!erase) dr.no_erase = true;
    const r = await this._request<SuccessResponse>(streamMsgSubject(this.prefix, "DELETE", stream), dr);
    return r.success;
  }

  async getMessage(stream: string, query: MsgRequest): Promise<StoredMsg | null> {
    validateStreamName(stream);
    try {
      const r = await this._request<StreamMsgResponse>(streamMsgSubject(this.prefix, "GET", stream), query);
      return new StoredMsgImpl(r);
    } catch (err) {
      if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.NoMessageFound) return null;
      throw err;
    }
  }

  find(subject: string): Promise<string> {
    return this.findStream(subject);
  }

  names(subject = ""): Lister<string> {
    const payload = subject?.length ? { subject } : {};
    return new ListerImpl<string>(streamNamesSubject(this.prefix), (v) => (v as StreamNames).streams ?? [], this, payload);
  }

  async get(name: string): Promise<Stream> {
    const si = await this.info(name);
    return new StreamImpl(this, si);
  }
}

// Flags older servers leave out of the config (nats-server issue 2633), filled as nats.js does.
function fixInfo(si: StreamInfo): StreamInfo {
  checkStreamInfo(si);
  si.config.sealed = si.config.sealed || false;
  si.config.deny_delete = si.config.deny_delete || false;
  si.config.deny_purge = si.config.deny_purge || false;
  si.config.allow_rollup_hdrs = si.config.allow_rollup_hdrs || false;
  return si;
}

/** The stream infos of a list page: null is none (as servers send it), anything but an array is a JetStreamError. */
function streamsOf(v: unknown): StreamInfo[] {
  const s = (v as StreamList).streams;
  if (s === null || s === undefined) return [];
  if (!Array.isArray(s)) throw new JetStreamError("invalid stream list in JetStream API response: 'streams' must be an array");
  return s;
}
