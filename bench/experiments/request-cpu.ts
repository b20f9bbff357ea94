/**
 * CPU of the client's own code per request, without sockets: `connectWith` over an in-process transport
 * whose "server" answers every `PUB <subject> <reply> <n>` with `MSG <reply> <sid> 2` in a later task
 * (setImmediate, like a read). No kernel, no other process, so what is left is the client (plus this small
 * responder, the same for every build). Usage: run.mjs request-cpu [n=200000] [mode=request|noMux|mux|pull|pull-once]
 * (mux: core's RequestMux seam; the default `request` is nc.request with the shared inbox; pull: a publish
 * with a reply to a subscription of ours, as a JetStream pull request, and pull-once the same with
 * `resend: false`, which asks for no acknowledging PING). Prints the PINGs the client wrote per request.
 */
import { connectWith, RequestMux, type Transport } from "@nats-stack/core";

const te = new TextEncoder();
const td = new TextDecoder("latin1");

class LoopbackServer implements Transport {
  isEncrypted = false;
  pendingBytes = 0;
  onData: (chunk: Uint8Array) => void = () => {};
  onClose: (err?: Error) => void = () => {};
  private sids = new Map<string, number>();
  pings = 0;
  private out: string[] = [];
  private scheduled = false;

  async dial(): Promise<void> {
    setImmediate(() => this.onData(te.encode('INFO {"server_id":"LOOP","version":"2.9.10","proto":1,"headers":true,"max_payload":1048576}\r\n')));
  }

  write(parts: Uint8Array[], done?: (err?: Error) => void): void {
    for (const p of parts) this.read(td.decode(p));
    done?.();
  }

  // Just enough of a server: CONNECT/PING get a PONG, SUB is remembered, PUB with a reply is answered.
  private read(text: string): void {
    let i = 0;
    while (i < text.length) {
      const eol = text.indexOf("\r\n", i);
      const line = text.slice(i, eol);
      i = eol + 2;
      if (line.startsWith("PUB ")) {
        const [, , reply, size] = line.split(" ");
        i += Number(size ?? 0) + 2;
        if (reply !== undefined && size !== undefined) this.answer(reply);
      } else if (line.startsWith("PING")) {
        this.pings++;
        this.send("PONG\r\n");
      } else if (line.startsWith("SUB ")) {
        const [, subject, sid] = line.split(" ");
        this.sids.set(subject!, Number(sid));
      }
    }
  }

  private answer(reply: string): void {
    let sid = this.sids.get(reply);
    if (sid === undefined) sid = this.sids.get(reply.slice(0, reply.lastIndexOf(".") + 1) + "*");
    if (sid !== undefined) this.send(`MSG ${reply} ${sid} 2\r\nok\r\n`);
  }

  private send(s: string): void {
    this.out.push(s);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const chunk = te.encode(this.out.join(""));
      this.out = [];
      this.onData(chunk);
    });
  }

  close(): void {
    setImmediate(() => this.onClose());
  }
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 200_000);
  const mode = process.argv[3] ?? "request";
  let server!: LoopbackServer;
  const nc = await connectWith(() => (server = new LoopbackServer()), { servers: "127.0.0.1:4222" });
  const data = new Uint8Array(16);
  const mux = new RequestMux(nc);
  let wake: (() => void) | undefined;
  nc.subscribe("pull.inbox", { callback: () => wake?.() });
  const pull = (resend: boolean) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      nc.publish("svc", data, resend ? { reply: "pull.inbox" } : { reply: "pull.inbox", resend: false });
    });
  const one = () =>
    mode === "noMux"
      ? nc.request("svc", data, { timeout: 5000, noMux: true })
      : mode === "mux"
        ? mux.request("svc", data, { timeout: 5000 })
        : mode === "pull"
          ? pull(true)
          : mode === "pull-once"
            ? pull(false)
            : nc.request("svc", data, { timeout: 5000 });
  for (let i = 0; i < 20_000; i++) await one();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const pings0 = server.pings;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await one();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const pings = (server.pings - pings0) / n;
  console.log(JSON.stringify({ mode, n, usPerRequest: +((ms * 1000) / n).toFixed(2), cpuUsPerRequest: +((c.user + c.system) / n).toFixed(2), pings }));
  await nc.close();
}

main();
