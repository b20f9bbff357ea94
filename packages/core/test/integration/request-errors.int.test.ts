/**
 * What `request()` and `requestMany()` fail with, as nats.js 3.4 (nats.js `request`/`requestMany`,
 * request.js `RequestOne.resolver`/`RequestMany`, and mrequest_test.ts "mreq - request many stops on
 * error", "mreq - pub permission error", "mreq - no responder doesn't leak subs"), checked against
 * nats.js itself on the same server:
 * - `request()` wraps every failure but a timeout in a `RequestError` whose message is the cause's and whose
 *   `cause` is the specific error (`NoRespondersError`, `PermissionViolationError`); a timeout is a plain
 *   `TimeoutError`; a close is `RequestError("connection closed")`.
 * - `requestMany()` ends its iterator with the specific error itself (`NoRespondersError`,
 *   `PermissionViolationError`); a close ends it with `RequestError("connection closed")`.
 * - both reject `undefined` as a subject with `InvalidSubjectError("illegal subject: ''")`.
 */
import { join } from "node:path";
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { connect, type Msg, type NatsConnection } from "@nats-stack/core";

const fixtures = join(__dirname, "../../../../fixtures");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const natsjs = require(require.resolve("@nats-io/transport-node", { paths: [fixtures] })) as { connect: typeof connect };

let srv: NatsServer;
beforeAll(async () => {
  srv = await startServer({ config: `authorization { users: [ {user: a, password: a, permissions: { publish: { deny: "req.denied" } } } ] }` });
});
afterAll(async () => {
  await srv?.stop();
});

interface Shape {
  name: string | undefined;
  message: string | undefined;
  cause?: { name: string; message: string };
}
function shape(e: unknown): Shape {
  const err = e as Error | undefined;
  const c = err?.cause as Error | undefined;
  const s: Shape = { name: err?.constructor.name, message: err?.message };
  if (c) s.cause = { name: c.constructor.name, message: c.message };
  return s;
}
async function iterError(it: Promise<AsyncIterable<Msg>>): Promise<unknown> {
  try {
    for await (const _ of await it) {
      // drain
    }
  } catch (e) {
    return e;
  }
  return undefined;
}

// Every failure of the scenario, by label, as the client reports it.
async function failures(connectFn: typeof connect): Promise<Record<string, Shape>> {
  const nc: NatsConnection = await connectFn({ servers: srv.url, user: "a", pass: "a" });
  nc.subscribe("req.silent", { callback: () => {} });
  const out: Record<string, Shape> = {};
  out.noResponders = shape(await nc.request("req.nobody").catch((e: unknown) => e));
  out.noRespondersNoMux = shape(await nc.request("req.nobody", "", { noMux: true }).catch((e: unknown) => e));
  out.timeout = shape(await nc.request("req.silent", "", { timeout: 100 }).catch((e: unknown) => e));
  out.timeoutNoMux = shape(await nc.request("req.silent", "", { timeout: 100, noMux: true }).catch((e: unknown) => e));
  out.permission = shape(await nc.request("req.denied").catch((e: unknown) => e));
  out.manyNoResponders = shape(await iterError(nc.requestMany("req.nobody")));
  out.manyNoRespondersNoMux = shape(await iterError(nc.requestMany("req.nobody", "", { noMux: true })));
  out.manyPermission = shape(await iterError(nc.requestMany("req.denied", "", { maxWait: 2000 })));
  out.undefinedSubject = shape(await nc.request(undefined as unknown as string).catch((e: unknown) => e));
  out.manyUndefinedSubject = shape(await nc.requestMany(undefined as unknown as string).catch((e: unknown) => e));
  const pending = nc.request("req.silent", "", { timeout: 5000 }).catch((e: unknown) => e);
  const many = iterError(nc.requestMany("req.silent", "", { maxWait: 5000 }));
  await nc.flush();
  await nc.close();
  out.closed = shape(await pending);
  out.manyClosed = shape(await many);
  return out;
}

test("request() and requestMany() fail with what nats.js fails with", async () => {
  const theirs = await failures(natsjs.connect);
  const ours = await failures(connect);
  // The reference, spelled out (so a change in nats.js shows up here too).
  expect(theirs.noResponders).toEqual({
    name: "RequestError",
    message: "no responders: 'req.nobody'",
    cause: { name: "NoRespondersError", message: "no responders: 'req.nobody'" },
  });
  expect(theirs.timeout).toEqual({ name: "TimeoutError", message: "timeout" });
  expect(theirs.manyNoResponders).toEqual({ name: "NoRespondersError", message: "no responders: 'req.nobody'" });
  expect(theirs.manyPermission).toEqual({ name: "PermissionViolationError", message: 'Permissions Violation for Publish to "req.denied"' });
  expect(theirs.undefinedSubject).toEqual({ name: "InvalidSubjectError", message: "illegal subject: ''" });
  expect(theirs.manyClosed).toEqual({ name: "RequestError", message: "connection closed" });
  for (const k of Object.keys(theirs)) {
    const mine = { ...ours[k]! };
    const ref = { ...theirs[k]! };
    // Our InvalidSubjectError carries the precise reason in `cause`; nats.js has none. Compare the rest.
    if (k.endsWith("ndefinedSubject")) delete mine.cause;
    // A closed connection: nats.js's cause is a second RequestError("connection closed") (or none); ours
    // is the ClosedConnectionError. Name and message are nats.js's.
    if (k === "closed" || k === "manyClosed") delete mine.cause, delete ref.cause;
    expect([k, mine]).toEqual([k, ref]);
  }
});
