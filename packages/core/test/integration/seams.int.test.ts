// The public seams packages built on core use (streaming, jetstream): RequestMux, message status, subject and
// name checks, the queued iterator. Against a real server.
import { serverPerFile } from "@nats-stack/fixtures/server-per-file";
import {
  checkSubject,
  compare,
  connect,
  encodePayload,
  headers,
  InvalidSubjectError,
  isNoRespondersMsg,
  MsgHdrsImpl,
  msgSize,
  msgStatus,
  msgStatusCode,
  NoRespondersError,
  parseSemVer,
  QueuedIteratorImpl,
  RequestError,
  RequestMux,
  StatusCode,
  TimeoutError,
  tokenProblem,
  type Msg,
  type NatsConnection,
} from "@nats-stack/core";
import { connectPerFile } from "../helpers/connect-per-file";

const srv = serverPerFile();
let nc: NatsConnection;
connectPerFile(srv, (c) => (nc = c));
let n = 0;
const subj = () => `seams.${++n}`;

test("RequestMux: replies reach their callbacks through one subscription, synchronously in delivery order", async () => {
  const s = subj();
  nc.subscribe(s, { callback: (_e, m) => m.respond(`re:${m.string()}`) });
  const mux = new RequestMux(nc);
  const order: string[] = [];
  await new Promise<void>((resolve, reject) => {
    let left = 20;
    for (let i = 0; i < 20; i++) {
      mux.send(s, String(i), { timeout: 2000 }, (err, m) => {
        if (err) return reject(err);
        expect(m!.subject.startsWith(mux.inbox)).toBe(true);
        order.push(m!.string());
        if (--left === 0) resolve();
      });
    }
  });
  expect(order).toEqual(Array.from({ length: 20 }, (_, i) => `re:${i}`));
  expect(mux.pending).toBe(0);
  mux.close();
});

test("RequestMux: no responders, timeouts with a custom error, tokens of the caller, cancel and close", async () => {
  let t = 0;
  const mux = new RequestMux(nc, { token: () => `tok${++t}` });
  await expect(mux.request(subj(), "x", { timeout: 1000 })).rejects.toBeInstanceOf(NoRespondersError);
  const silent = subj();
  nc.subscribe(silent, { callback: () => {} });
  await nc.flush();
  await expect(mux.request(silent, "x", { timeout: 50 })).rejects.toBeInstanceOf(TimeoutError);
  await expect(mux.request(silent, "x", { timeout: 50, timeoutError: () => new Error("stan: request timeout") })).rejects.toThrow(
    "stan: request timeout",
  );
  let called = false;
  const token = mux.send(silent, "x", { timeout: 50 }, () => (called = true));
  expect(token).toMatch(/^tok\d+$/);
  mux.cancel(token);
  await new Promise((r) => setTimeout(r, 100));
  expect(called).toBe(false);
  const waiting = mux.request(silent, "x", { timeout: 5000 });
  mux.close();
  await expect(waiting).rejects.toBeInstanceOf(RequestError);
  await expect(mux.request(silent, "x", { timeout: 5000 })).rejects.toBeInstanceOf(RequestError);
  await expect(mux.request("bad subject", "x", { timeout: 100 })).rejects.toBeInstanceOf(Error);
  await expect(mux.request(silent, "x", { timeout: 0 })).rejects.toThrow("timeout");
});

test("message status: code and description from the header line, without building headers", async () => {
  const s = subj();
  const got: Msg[] = [];
  const sub = nc.subscribe(s, { callback: (_e, m) => got.push(m) });
  nc.publish(s, "", { headers: headers(408, "Request Timeout") });
  nc.publish(s, "", { headers: headers(100, "Idle Heartbeat") });
  const h = headers();
  h.set("a", "b");
  nc.publish(s, "body", { headers: h });
  nc.publish(s, "plain");
  await nc.flush();
  await new Promise((r) => setTimeout(r, 50));
  sub.unsubscribe();
  expect(got.map((m) => msgStatus(m))).toEqual([
    { code: StatusCode.RequestTimeout, description: "Request Timeout" },
    { code: StatusCode.Control, description: "Idle Heartbeat" },
    undefined,
    undefined,
  ]);
  expect(got.map(msgStatusCode)).toEqual([408, 100, 0, 0]);
  expect(got.map(isNoRespondersMsg)).toEqual([false, false, false, false]);
  // Any Msg-shaped object works through its headers.
  const foreign = { subject: "x", sid: 1, data: new Uint8Array(0), headers: headers(503, "No Responders") } as unknown as Msg;
  expect(msgStatus(foreign)).toEqual({ code: 503, description: "No Responders" });
  expect(isNoRespondersMsg(foreign)).toBe(true);
});

test("subject and name checks", () => {
  expect(checkSubject("a.b")).toBe("a.b");
  expect(() => checkSubject("a.*")).toThrow(InvalidSubjectError);
  expect(checkSubject("a.*.>", { wildcards: true })).toBe("a.*.>");
  expect(() => checkSubject("")).toThrow("illegal subject: ''");
  // A missing subject reads as nats.js's publish/request report it: `illegal subject: ''`.
  expect(() => checkSubject(undefined)).toThrow("illegal subject: ''");
  expect(tokenProblem("ORDERS")).toBe("");
  expect(tokenProblem("a.b")).toBe("cannot contain '.'");
  expect(tokenProblem("a*")).toBe("cannot contain '*'");
  expect(tokenProblem("a b")).toBe("cannot contain whitespace or control characters");
  expect(tokenProblem("")).toBe("is empty");
});

test("QueuedIteratorImpl is public: push, stop, iterate", async () => {
  const qi = new QueuedIteratorImpl<number>();
  qi.push(1);
  qi.push(2);
  qi.stop();
  const seen: number[] = [];
  for await (const v of qi) seen.push(v);
  expect(seen).toEqual([1, 2]);
});

test("options, msgSize, encodePayload, semver: what jetstream and streaming read from core", async () => {
  const custom = await connect({ servers: srv.url, inboxPrefix: "my.inbox" });
  expect(custom.options?.inboxPrefix).toBe("my.inbox");
  expect(nc.options?.inboxPrefix).toBe("_INBOX");
  const s = subj();
  const got: Msg[] = [];
  const sub = nc.subscribe(s, { max: 2, callback: (_e, m) => got.push(m) });
  await nc.flush();
  const h = headers();
  h.set("Nats-Msg-Id", "abc");
  nc.publish(s, "12345", { headers: h });
  nc.publish(s, new Uint8Array(7));
  await sub.closed;
  const hdrBytes = (h as MsgHdrsImpl).encode().length;
  expect(got.map((m) => msgSize(m))).toEqual([hdrBytes + 5, 7]);
  // Any Msg, not only those this client received.
  expect(msgSize({ ...got[0]!, headers: h, data: new Uint8Array(5) } as Msg)).toBe(hdrBytes + 5);
  expect(encodePayload("h\u00e9")).toEqual(new Uint8Array([104, 0xc3, 0xa9]));
  const b = new Uint8Array([1, 2]);
  expect(encodePayload(b)).toBe(b);
  expect(encodePayload(undefined)).toHaveLength(0);
  expect(encodePayload(null)).toHaveLength(0);
  expect(() => encodePayload(5 as unknown as string)).toThrow("'payload' must be a Uint8Array or a string");
  expect(compare(parseSemVer(nc.info!.version), parseSemVer("2.9.0"))).toBeGreaterThanOrEqual(0);
  expect(compare(parseSemVer("v2.10.1-beta"), parseSemVer("2.9.10"))).toBeGreaterThan(0);
  expect(() => parseSemVer("x")).toThrow();
  await custom.close();
});
