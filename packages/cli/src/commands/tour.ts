/**
 * `nats-stack tour`: about a minute with NATS on this project's packages, against a nats-server it starts
 * (with JetStream), or the one given with -s, printing everything it sends and receives: subjects and
 * wildcards, queue groups, request/reply, scatter-gather, headers, JetStream's ORDERS example, a key-value
 * bucket with a watch, an object store, and NATS Streaming against the fake STAN server.
 */
import type { Command } from "commander";
import { nuid } from "@nats-stack/core";
import { connectNats } from "../connection/connect";
import { globalOptions } from "../connection/global-options";
import { localServerVersion, startLocalServer } from "../local-server/local-server";
import { out as c } from "../output/colors";
import { Narrator } from "../tour/narrator";
import { headersStep, queueStep, requestStep, scatterGatherStep, wildcardsStep } from "../tour/core-steps";
import { jetstreamStep } from "../tour/jetstream-step";
import { kvStep } from "../tour/kv-step";
import { objectStep } from "../tour/object-step";
import { streamingStep } from "../tour/streaming-step";
import type { NatsConnection } from "@nats-stack/core";
import type { VerbGroup } from "./verb-group";

/** What every step gets. */
interface TourContext {
  nc: NatsConnection;
  t: Narrator;
  /** Subject prefix: `tour` on the tour's own server, a unique one elsewhere. */
  p: string;
  /** The server's URL (the fake STAN server connects to it). */
  url: string;
  ownServer: boolean;
}

/** The steps, in order. */
const STEPS: Array<(c: TourContext) => Promise<void>> = [
  (c) => wildcardsStep(c.nc, c.t, c.p),
  (c) => queueStep(c.nc, c.t, c.p),
  (c) => requestStep(c.nc, c.t, c.p),
  (c) => scatterGatherStep(c.nc, c.t, c.p),
  (c) => headersStep(c.nc, c.t, c.p),
  (c) => jetstreamStep(c.nc, c.t, c.p, c.ownServer),
  (c) => kvStep(c.nc, c.t, c.p, c.ownServer),
  (c) => objectStep(c.nc, c.t, c.p, c.ownServer),
  (c) => streamingStep(c.nc, c.url, c.t, c.p),
];

async function tour(flags: { pause?: boolean }, cmd: Command): Promise<void> {
  const g0 = globalOptions(cmd);
  // Pause between steps when a person reads along; a pipe or a test gets the text at once.
  const pauseMs = flags.pause === false ? 0 : flags.pause || process.stdout.isTTY ? 1500 : 0;
  const t = new Narrator(STEPS.length, pauseMs);
  t.say(c.bold("Welcome to nats-stack: NATS in TypeScript, from the wire up."));
  const own = g0.serverGiven ? undefined : await startLocalServer({ jetstream: true });
  const g = own ? { ...g0, server: own.url } : g0;
  // On someone else's server, subjects get a unique prefix so the tour touches nothing of theirs.
  const p = own ? "tour" : `tour-${nuid.next().slice(-8).toLowerCase()}`;
  try {
    t.say(own ? `Started ${localServerVersion()} on ${own.url} for this tour; it stops at the end.` : `Using the server at ${g.server}.`);
    const nc = await connectNats(g);
    try {
      t.say(`Connected with @nats-stack/core to ${nc.getServer()} (server ${nc.info?.version ?? "?"}).`);
      const ctx: TourContext = { nc, t, p, url: g.server.split(",")[0]!, ownServer: own !== undefined };
      for (const step of STEPS) await step(ctx);
    } finally {
      await nc.close();
    }
    t.say();
    t.say(c.bold("That was the tour. Next, at your terminal:"));
    t.say("  nats-stack server run                      # a local server on nats://127.0.0.1:4222");
    t.say("  nats-stack sub 'demo.>'                    # in one terminal");
    t.say("  nats-stack pub demo.x 'hello {{Count}}' --count 3");
    t.say("  nats-stack reply svc.echo pong   and   nats-stack req svc.echo ping");
    t.say("  nats-stack stream add ORDERS --subjects 'ORDERS.*' --defaults   (a local server with --jetstream)");
    t.say("  nats-stack kv add cfg && nats-stack kv put cfg color blue && nats-stack kv get cfg color --raw");
    t.say("  nats-stack object add files && nats-stack object put files ./report.pdf");
    t.say("  nats-stack bench demo.bench --pub 1 --sub 1 --msgs 100000 --report bench-report");
  } finally {
    await own?.stop();
  }
}

/** Adds `tour`. */
export const tourVerbs: VerbGroup = (program) => {
  program
    .command("tour")
    .description("a one-minute walk through NATS on nats-stack, against a server it starts")
    .option("--pause", "pause between steps even when not on a terminal")
    .option("--no-pause", "do not pause between steps")
    .action(tour);
};
