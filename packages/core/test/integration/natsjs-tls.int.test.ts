/**
 * What nats.js's own `core/tests/tls_test.ts` asserts on the public API (TLS asked of a server without it,
 * a certificate not trusted, a CA given, a server that allows both), run side by side on
 * `@nats-io/transport-node` 3.4.0 and on this client against real nats-servers
 * (test/helpers/side-by-side.ts). The programs are ours; comments name the nats.js test of each case.
 */
import { makeCerts, tlsConfig, type TestCerts } from "@nats-stack/fixtures/certs";
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { outcome, same } from "../helpers/side-by-side";

jest.setTimeout(60_000);

let certs: TestCerts;
let plain: NatsServer;
let tls: NatsServer;
let either: NatsServer;
beforeAll(async () => {
  certs = makeCerts();
  [plain, tls, either] = await Promise.all([
    startServer(),
    startServer({ config: tlsConfig(certs) }),
    startServer({ config: `${tlsConfig(certs)}allow_non_tls: true\n` }),
  ]);
});
afterAll(async () => {
  await Promise.all([plain?.stop(), tls?.stop(), either?.stop()]);
  certs?.remove();
});

test("tls: asked of a server without it, an untrusted certificate, a CA given, a server allowing both", async () => {
  const untrusted: Record<string, string> = {};
  // (a certificate not trusted: nats.js on Node rejects with node's own error, ours with a ConnectionError:
  // README, "Other differences")
  await same(async ({ connect }, name) => {
    const log: unknown[] = [];
    const attempt = (opts: object) =>
      outcome(async () => {
        const nc = await connect({ reconnect: false, ...opts });
        const secure = nc.info?.tls_required === true;
        await nc.close();
        return `connected, tls_required ${secure}`;
      });
    // "tls - fail if server doesn't support TLS"
    log.push(`tls: {} to a plain server: ${await attempt({ port: plain.port, tls: {} })}`);
    // "tls - custom ca fails without root": both reject; with what is compared below
    const bad = await connect({ servers: `localhost:${tls.port}`, reconnect: false }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    untrusted[name] = bad ? `${bad.name}: ${bad.message}` : "connected";
    log.push(`no CA: rejects ${bad !== undefined}`);
    // "tls - custom ca with root connects"
    log.push(`caFile: ${await attempt({ servers: `localhost:${tls.port}`, tls: { caFile: certs.caFile } })}`);
    // "tls - available connects with or without"
    log.push(`either, caFile: ${await attempt({ servers: `localhost:${either.port}`, tls: { caFile: certs.caFile } })}`);
    log.push(`either, tls null: ${await attempt({ servers: `localhost:${either.port}`, tls: null })}`);
    return log;
  });
  // nats.js passes node's error through; ours is a ConnectionError saying it was TLS, node's text kept
  expect(untrusted["nats.js"]).toMatch(/^Error: .*certificate/);
  expect(untrusted.ours).toBe(`ConnectionError: TLS: ${untrusted["nats.js"]!.replace(/^Error: /, "")}`);
});
