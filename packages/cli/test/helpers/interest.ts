/**
 * Waits until a server knows `n` subscriptions on a subject, read from its monitoring endpoint (/connz with
 * subscription details), so a test can publish as soon as a `sub --json` process (which prints no status
 * line) is listening, without sleeping.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { NatsServer } from "@nats-stack/fixtures/nats-server";

/** The monitoring URL of a server started with `args: ["-m", "-1"]`. */
export function monitorUrl(srv: NatsServer): string {
  const f = readdirSync(srv.dir).find((n) => n.endsWith(".ports"))!;
  const ports = JSON.parse(readFileSync(join(srv.dir, f), "utf8")) as { monitoring?: string[] };
  if (!ports.monitoring?.length) throw new Error("server started without -m");
  return ports.monitoring[0]!;
}

/** Subscriptions the server holds on exactly `subject`. */
export async function subscriptionsOn(srv: NatsServer, subject: string): Promise<number> {
  const r = await fetch(`${monitorUrl(srv)}/connz?subs=1&limit=1024`);
  const j = (await r.json()) as { connections?: Array<{ subscriptions_list?: string[] }> };
  return (j.connections ?? []).reduce((a, c) => a + (c.subscriptions_list ?? []).filter((s) => s === subject).length, 0);
}

/** Resolves once the server has `n` subscriptions on `subject`. */
export async function waitForInterest(srv: NatsServer, subject: string, n = 1, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while ((await subscriptionsOn(srv, subject)) < n) {
    if (Date.now() > deadline) throw new Error(`no ${n} subscriptions on ${subject} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
