import { createInbox } from "../requests/inbox";
import type { NatsConnection } from "../connection/connection";
import { VERSION } from "../version";

/** nats.js's timer of named marks and measures (its `Perf` class; exported by nats.js as a type only). */
export interface Perf {
  timers: Map<string, number>;
  measures: Map<string, number>;
  mark(key: string): void;
  measure(key: string, startKey: string, endKey: string): void;
  getEntries(): { name: string; duration: number }[];
}

/** One measurement of {@link Bench}, as nats.js's `Metric`. */
export class Metric {
  name: string;
  duration: number;
  date = Date.now();
  payload = 0;
  msgs = 0;
  lang = "nats-stack";
  version = VERSION;
  bytes = 0;
  asyncRequests?: boolean;
  min?: number;
  max?: number;

  constructor(name: string, duration: number) {
    this.name = name;
    this.duration = duration;
  }

  toString(): string {
    const sec = this.duration / 1000;
    const mps = Math.round(this.msgs / sec);
    const label = this.asyncRequests ? "asyncRequests" : "";
    let minmax = "";
    if (this.max) minmax = `${this.min}/${this.max}`;
    return `${this.name}${label ? " [asyncRequests]" : ""} ${humanizeBytes(mps)} msgs/sec - [${sec.toFixed(2)} secs] ~ ${throughput(this.bytes, sec)} ${minmax}`;
  }

  toCsv(): string {
    return `"${this.name}",${new Date(this.date).toISOString()},${this.lang},${this.version},${this.msgs},${this.payload},${this.bytes},${this.duration},${this.asyncRequests ? this.asyncRequests : false}\n`;
  }

  static header(): string {
    return `Test,Date,Lang,Version,Count,MsgPayload,Bytes,Millis,Async\n`;
  }
}

/** Options of {@link Bench}, as nats.js's `BenchOpts`. */
export interface BenchOpts {
  callbacks?: boolean;
  msgs?: number;
  size?: number;
  subject?: string;
  asyncRequests?: boolean;
  pub?: boolean;
  sub?: boolean;
  rep?: boolean;
  req?: boolean;
}

/** Bytes per second, humanized. */
export function throughput(bytes: number, seconds: number): string {
  return `${humanizeBytes(bytes / seconds)}/sec`;
}

/** Messages per second, humanized. */
export function msgThroughput(msgs: number, seconds: number): string {
  return `${Math.floor(msgs / seconds)} msgs/sec`;
}

/** `1536` → `1.50 KiB` (or `1.54 kB` with `si`). */
export function humanizeBytes(bytes: number, si = false): string {
  const base = si ? 1000 : 1024;
  const pre = si ? ["k", "M", "G", "T", "P", "E"] : ["K", "M", "G", "T", "P", "E"];
  const post = si ? "iB" : "B";
  if (bytes < base) return `${bytes.toFixed(2)} ${post}`;
  const exp = Math.min(Math.floor(Math.log(bytes) / Math.log(base)), pre.length);
  return `${(bytes / Math.pow(base, exp)).toFixed(2)} ${pre[exp - 1]}${post}`;
}

/**
 * A small load generator over one connection, as nats.js's `Bench`: publish, subscribe, or request/reply a
 * number of messages and report {@link Metric}s.
 */
export class Bench {
  nc: NatsConnection;
  callbacks: boolean;
  msgs: number;
  size: number;
  subject: string;
  asyncRequests?: boolean;
  pub?: boolean;
  sub?: boolean;
  req?: boolean;
  rep?: boolean;
  payload: Uint8Array;
  private readonly marks = new Map<string, number>();
  private readonly measures = new Map<string, number>();

  constructor(nc: NatsConnection, opts: BenchOpts = { msgs: 100000, size: 128 }) {
    this.nc = nc;
    this.callbacks = opts.callbacks ?? false;
    this.msgs = opts.msgs ?? 0;
    this.size = opts.size ?? 0;
    this.subject = opts.subject ?? createInbox();
    this.asyncRequests = opts.asyncRequests ?? false;
    this.pub = opts.pub ?? false;
    this.sub = opts.sub ?? false;
    this.req = opts.req ?? false;
    this.rep = opts.rep ?? false;
    this.payload = this.size ? new Uint8Array(this.size) : new Uint8Array(0);
    if (!this.pub && !this.sub && !this.req && !this.rep) throw new Error("no options selected");
  }

  private mark(k: string): void {
    this.marks.set(k, performance.now());
  }

  private measure(name: string, start: string, end: string): void {
    this.measures.set(name, (this.marks.get(end) ?? 0) - (this.marks.get(start) ?? 0));
  }

  async run(): Promise<Metric[]> {
    this.nc.closed().then(() => {});
    await (this.callbacks ? this.runCallbacks() : this.runAsync());
    return this.processMetrics();
  }

  processMetrics(): Metric[] {
    const out: Metric[] = [];
    const add = (name: string, key: string, msgs: number) => {
      const d = this.measures.get(key);
      if (d === undefined) return;
      const m = new Metric(name, d);
      m.msgs = msgs;
      m.payload = this.size;
      m.bytes = msgs * this.size;
      if (name === "req" || name === "rep") m.asyncRequests = this.asyncRequests;
      out.push(m);
    };
    if (this.pub && this.sub) add("pubsub", "pubsub", this.msgs * 2);
    else {
      add("pub", "pub", this.msgs);
      add("sub", "sub", this.msgs);
    }
    add("rep", "rep", this.msgs);
    add("req", "req", this.msgs);
    return out;
  }

  async runCallbacks(): Promise<void> {
    return this.runAsync();
  }

  async runAsync(): Promise<void> {
    const jobs: Promise<void>[] = [];
    if (this.rep) {
      let count = 0;
      this.nc.subscribe(this.subject, {
        max: this.msgs,
        callback: (_e, m) => {
          if (count === 0) this.mark("repStart");
          m.respond(this.payload);
          if (++count === this.msgs) this.mark("repEnd");
        },
      });
      jobs.push(this.nc.flush().then(() => {}));
    }
    if (this.sub) {
      let count = 0;
      let done!: () => void;
      jobs.push(new Promise<void>((r) => (done = r)));
      this.nc.subscribe(this.subject, {
        max: this.msgs,
        callback: () => {
          if (count === 0) this.mark("subStart");
          if (++count === this.msgs) {
            this.mark("subEnd");
            this.measure("sub", "subStart", "subEnd");
            done();
          }
        },
      });
      await this.nc.flush();
    }
    if (this.pub) {
      this.mark("pubStart");
      for (let i = 0; i < this.msgs; i++) this.nc.publish(this.subject, this.payload);
      await this.nc.flush();
      this.mark("pubEnd");
      this.measure("pub", "pubStart", "pubEnd");
    }
    if (this.req) {
      this.mark("reqStart");
      if (this.asyncRequests) {
        const all: Promise<unknown>[] = [];
        for (let i = 0; i < this.msgs; i++) all.push(this.nc.request(this.subject, this.payload, { timeout: 20000 }));
        await Promise.all(all);
      } else {
        for (let i = 0; i < this.msgs; i++) await this.nc.request(this.subject, this.payload, { timeout: 20000 });
      }
      this.mark("reqEnd");
      this.measure("req", "reqStart", "reqEnd");
    }
    await Promise.all(jobs);
    if (this.pub && this.sub) this.measure("pubsub", "pubStart", "subEnd");
    if (this.rep) this.measure("rep", "repStart", "repEnd");
  }
}
