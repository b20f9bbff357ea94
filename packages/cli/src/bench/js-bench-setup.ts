/**
 * What `bench --js` prepares around its runs, on nats-stack's own JetStream client in the parent process
 * (so every library's run starts from the same state): natscli's `benchstream` (the subject only, limits
 * retention, discard new, the storage, replicas and max bytes asked for; a stream of another name is used as
 * it is), an empty stream before every run that publishes (rounds compare; a stream never fills up over
 * rounds), and for `--pull`/`--push` a fresh shared durable for each run, removed afterwards.
 */
import { createInbox } from "@nats-stack/core";
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  ReplayPolicy,
  RetentionPolicy,
  type ConsumerConfig,
  type StreamConfig,
} from "@nats-stack/jetstream";
import type { GlobalOptions } from "../connection/global-options";
import { CliError, CliErrorCode, usageError } from "../output/cli-error";
import { jsCall, jsFailure } from "../jetstream/js-errors";
import { openJetStream, type JsSession } from "../jetstream/js-session";
import { DEFAULT_BENCH_STREAM, type BenchPlan, type JsBenchPlan } from "./bench-plan";

/** natscli's duplicate window for the benchmark stream. */
const DUPE_WINDOW_NS = 120e9;

/** The stream and consumers of a JetStream benchmark. */
export class JsBenchSetup {
  private constructor(
    private readonly s: JsSession,
    private readonly plan: BenchPlan,
    private readonly jp: JsBenchPlan,
  ) {}

  /** Defines (or finds) the stream, purges it once with `--purge`, and checks a consume-only run has messages. */
  static async open(g: GlobalOptions, plan: BenchPlan): Promise<JsBenchSetup> {
    const jp = plan.js!;
    const s = await openJetStream(g);
    const setup = new JsBenchSetup(s, plan, jp);
    try {
      await setup.defineStream();
      if (jp.purge) await setup.purge();
      if (plan.pubs === 0) await setup.checkStored();
      return setup;
    } catch (e) {
      await s.close();
      throw e;
    }
  }

  private ctx(action: string) {
    return { action, stream: this.jp.stream, server: this.s.server };
  }

  private async defineStream(): Promise<void> {
    const { stream } = this.jp;
    if (stream !== DEFAULT_BENCH_STREAM) {
      await jsCall(this.ctx(`load stream '${stream}'`), () => this.s.jsm.streams.info(stream));
      return;
    }
    const cfg: Partial<StreamConfig> & { name: string } = {
      name: stream,
      subjects: [this.plan.subject],
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.New,
      storage: this.jp.storage,
      num_replicas: this.jp.replicas,
      max_bytes: this.jp.maxBytes,
      duplicate_window: DUPE_WINDOW_NS,
    };
    try {
      // The server accepts the same definition again, and refuses a different one.
      await this.s.jsm.streams.add(cfg);
    } catch (e) {
      const err = jsFailure(e, this.ctx(`define stream '${stream}'`));
      if (!(e instanceof JetStreamApiError && e.code === JetStreamApiCodes.StreamNameInUse)) throw err;
      throw new CliError(CliErrorCode.JetStream, err.message, { hint: `\`nats-stack stream rm ${stream} -f\` removes the old one, or give --stream NAME` });
    }
  }

  private async purge(): Promise<void> {
    await jsCall(this.ctx(`purge stream '${this.jp.stream}'`), () => this.s.jsm.streams.purge(this.jp.stream));
  }

  private async checkStored(): Promise<void> {
    const si = await jsCall(this.ctx(`load stream '${this.jp.stream}'`), () => this.s.jsm.streams.info(this.jp.stream));
    if (si.state.messages < this.plan.msgs) {
      throw usageError(
        `stream ${this.jp.stream} holds ${si.state.messages.toLocaleString("en-US")} messages, fewer than --msgs ${this.plan.msgs.toLocaleString("en-US")}`,
        `publish them first: nats-stack bench ${this.plan.subject} --js --pub 1 --msgs ${this.plan.msgs}`,
      );
    }
  }

  /** Before each run: an empty stream when the run publishes, a fresh durable for `--pull`/`--push`. */
  async beforeRun(): Promise<void> {
    if (this.plan.pubs > 0) await this.purge();
    if (this.jp.consumer === "ordered" || this.plan.subs === 0) return;
    await this.deleteDurable();
    const cfg: Partial<ConsumerConfig> = {
      durable_name: this.jp.durable,
      deliver_policy: DeliverPolicy.All,
      ack_policy: AckPolicy.Explicit,
      replay_policy: ReplayPolicy.Instant,
    };
    if (this.jp.stream !== DEFAULT_BENCH_STREAM) cfg.filter_subject = this.plan.subject;
    if (this.jp.consumer === "pull") {
      cfg.max_ack_pending = Math.max(10_000, this.plan.subs * this.jp.consumerBatch);
    } else {
      cfg.deliver_subject = createInbox();
      cfg.deliver_group = `${this.jp.durable}-group`;
      cfg.max_ack_pending = this.plan.subs * this.jp.consumerBatch;
    }
    await jsCall(this.ctx(`create consumer '${this.jp.stream} > ${this.jp.durable}'`), () => this.s.jsm.consumers.add(this.jp.stream, cfg));
  }

  /** After each run: the durable goes. */
  async afterRun(): Promise<void> {
    if (this.jp.consumer !== "ordered" && this.plan.subs > 0) await this.deleteDurable();
  }

  private async deleteDurable(): Promise<void> {
    await this.s.jsm.consumers.delete(this.jp.stream, this.jp.durable).catch(() => false);
  }

  /** What the report says about the JetStream setup. */
  describe(): string {
    const jp = this.jp;
    const subs =
      this.plan.subs === 0
        ? ""
        : jp.consumer === "ordered"
          ? "; subscribers: an ephemeral ordered consumer each"
          : jp.consumer === "pull"
            ? `; subscribers share durable pull consumer ${jp.durable} (explicit acks, pull requests of ${jp.consumerBatch})`
            : `; subscribers share durable push consumer ${jp.durable} in a deliver group (explicit acks)`;
    const pubs = this.plan.pubs === 0 ? "" : jp.syncPub ? "; each publish awaits its acknowledgement" : `; publishes await their acknowledgements in batches of ${this.plan.pubBatch}`;
    return `JetStream: stream ${jp.stream} (${jp.storage} storage, ${jp.replicas} replica${jp.replicas === 1 ? "" : "s"})${pubs}${subs}`;
  }

  async close(): Promise<void> {
    await this.s.close();
  }
}
