import { InvalidArgumentError, RequestMux, TimeoutError, type Msg } from "../../src/mod";
import { memoryConnection } from "../helpers/memory-transport";

const connected = () => memoryConnection({ servers: "a:1" });

test("RequestMux: replies are routed by their token, whatever the order; a token not waiting is ignored", async () => {
  const { nc, srv } = await connected();
  const mux = new RequestMux(nc, { prefix: "_INBOX.\u00e9t\u00e9" });
  const got: string[] = [];
  const done = (tag: string) => (err: Error | null, m?: Msg) => got.push(`${tag}:${err ? err.name : m!.string()}`);
  const tokens = Array.from({ length: 40 }, (_, i) => mux.send("svc", `q${i}`, { timeout: 60_000 }, done(`r${i}`)));
  await srv.untilCount("PUB", 40);
  const replies = srv.ops.flatMap((o) => (o.kind === "PUB" ? [o.reply!] : []));
  expect(replies.every((r, i) => r === mux.inbox + tokens[i])).toBe(true);
  let text = `MSG ${mux.inbox}zz 1 1\r\nx\r\n`; // never issued
  for (let i = 39; i >= 0; i--) text += `MSG ${replies[i]} 1 ${`a${i}`.length}\r\na${i}\r\n`;
  srv.send(text);
  await nc.flush();
  expect(got).toEqual(Array.from({ length: 40 }, (_, i) => `r${39 - i}:a${39 - i}`));
  expect(mux.pending).toBe(0);
  await nc.close();
});

test("RequestMux: custom tokens must be valid subject tokens; cancel forgets a request", async () => {
  const { nc, srv } = await connected();
  let next = "ok-1";
  const mux = new RequestMux(nc, { token: () => next });
  const errs: Array<Error | null> = [];
  next = "bad token";
  mux.send("svc", "q", { timeout: 1000 }, (err) => errs.push(err));
  next = "a.b";
  mux.send("svc", "q", { timeout: 1000 }, (err) => errs.push(err));
  expect(errs.map((e) => e instanceof InvalidArgumentError)).toEqual([true, true]);
  next = "ok-2";
  const t = mux.send("svc", "q", { timeout: 1000 }, (err) => errs.push(err));
  expect(t).toBe("ok-2");
  next = "ok-3";
  const late = mux.request("svc", "q", { timeout: 30 });
  mux.cancel(t);
  expect(mux.pending).toBe(1);
  await expect(late).rejects.toBeInstanceOf(TimeoutError);
  await srv.untilCount("PUB", 2);
  srv.send(`MSG ${mux.inbox}ok-2 1 1\r\nx\r\n`);
  await nc.flush();
  expect(errs).toHaveLength(2); // the cancelled request's callback never ran
  await nc.close();
});
