import { makeCerts, tlsConfig, type TestCerts } from "@nats-stack/fixtures/certs";
import { createOperatorSetup } from "@nats-stack/fixtures/jwt";
import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import * as tls from "node:tls";
import { readFileSync } from "node:fs";
import { ClientOpParser, encodeInfo } from "@nats-stack/wire";
import {
  AuthorizationError,
  connect,
  credsAuthenticator,
  jwtAuthenticator,
  nkeyAuthenticator,
  nkeys,
  tokenAuthenticator,
  usernamePasswordAuthenticator,
  type NatsConnection,
} from "@nats-stack/core";

async function roundTrip(nc: NatsConnection): Promise<void> {
  const sub = nc.subscribe("auth.check", { max: 1 });
  nc.publish("auth.check", "ok");
  for await (const m of sub) expect(m.string()).toBe("ok");
}

describe("authentication against real servers", () => {
  const servers: NatsServer[] = [];
  afterAll(async () => Promise.all(servers.map((s) => s.stop())));

  test("user/password: options and authenticator; a wrong password fails connect with AuthorizationError", async () => {
    const s = await startServer({ config: 'authorization { user: "alice", password: "s3cret" }\n' });
    servers.push(s);
    const a = await connect({ servers: s.url, user: "alice", pass: "s3cret" });
    await roundTrip(a);
    await a.close();
    const b = await connect({ servers: s.url, authenticator: usernamePasswordAuthenticator("alice", () => "s3cret") });
    await roundTrip(b);
    await b.close();
    const err = await connect({ servers: s.url, user: "alice", pass: "nope", reconnect: false }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthorizationError);
    expect(err.message).toBe("Authorization Violation");
  });

  test("token", async () => {
    const s = await startServer({ config: 'authorization { token: "t0k3n" }\n' });
    servers.push(s);
    const a = await connect({ servers: s.url, token: "t0k3n" });
    await roundTrip(a);
    await a.close();
    const b = await connect({ servers: s.url, authenticator: tokenAuthenticator("t0k3n") });
    await b.close();
    await expect(connect({ servers: s.url, token: "bad" })).rejects.toBeInstanceOf(AuthorizationError);
  });

  test("nkey user, signed with WebCrypto Ed25519", async () => {
    const user = await nkeys.createUser();
    const s = await startServer({ config: `authorization { users: [ { nkey: "${user.getPublicKey()}" } ] }\n` });
    servers.push(s);
    const nc = await connect({ servers: s.url, authenticator: nkeyAuthenticator(user.getSeed()) });
    await roundTrip(nc);
    await nc.close();
    const other = await nkeys.createUser();
    await expect(connect({ servers: s.url, authenticator: nkeyAuthenticator(other.getSeed()) })).rejects.toBeInstanceOf(AuthorizationError);
  });

  test("operator mode: creds file and jwt + seed", async () => {
    const setup = await createOperatorSetup();
    const s = await startServer({ config: setup.config });
    servers.push(s);
    const nc = await connect({ servers: s.url, authenticator: credsAuthenticator(new TextEncoder().encode(setup.creds)) });
    await roundTrip(nc);
    await nc.close();
    const nc2 = await connect({ servers: s.url, authenticator: jwtAuthenticator(setup.userJwt, setup.user.getSeed()) });
    await nc2.close();
  });
});

describe("TLS", () => {
  let certs: TestCerts;
  const servers: NatsServer[] = [];
  beforeAll(() => {
    certs = makeCerts();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    certs.remove();
  });

  test("a tls_required server with our CA; verification is on by default", async () => {
    const s = await startServer({ config: tlsConfig(certs) });
    servers.push(s);
    const nc = await connect({ servers: s.url, tls: { caFile: certs.caFile } });
    expect(nc.info?.tls_required).toBe(true);
    await roundTrip(nc);
    await nc.close();
    const nc2 = await connect({ servers: `tls://127.0.0.1:${s.port}`, tls: { ca: certs.ca } });
    await nc2.close();
  });

  test("an untrusted certificate fails with a clear error", async () => {
    const s = await startServer({ config: tlsConfig(certs) });
    servers.push(s);
    const err = await connect({ servers: s.url, tls: { caFile: certs.otherCaFile }, reconnect: false }).catch((e) => e);
    expect(err.name).toBe("ConnectionError");
    expect(err.message).toMatch(/^TLS: .*(certificate|self.signed)/i);
    const err2 = await connect({ servers: s.url, reconnect: false }).catch((e) => e);
    expect(err2.name).toBe("ConnectionError");
    expect(err2.message).toMatch(/^TLS: /);
  });

  test("client certificates (verify: true)", async () => {
    const s = await startServer({ config: tlsConfig(certs, { verify: true }) });
    servers.push(s);
    const nc = await connect({
      servers: s.url,
      tls: { caFile: certs.caFile, certFile: certs.clientCertFile, keyFile: certs.clientKeyFile },
    });
    await roundTrip(nc);
    await nc.close();
    const err = await connect({ servers: s.url, tls: { caFile: certs.caFile }, reconnect: false }).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
  });

  test("asking for TLS from a server without it fails", async () => {
    const s = await startServer();
    servers.push(s);
    const err = await connect({ servers: s.url, tls: { caFile: certs.caFile }, reconnect: false }).catch((e) => e);
    expect(err).toMatchObject({ name: "ConnectionError", message: "server does not support 'tls'" });
  });

  test("handshakeFirst starts TLS before the INFO (checked with a TLS server of our own: nats-server 2.9 has no handshake_first)", async () => {
    let sawClientHelloFirst = false;
    const srv = tls.createServer({ cert: readFileSync(certs.certFile), key: readFileSync(certs.keyFile) }, (sock) => {
      sawClientHelloFirst = true;
      sock.write(encodeInfo({ server_id: "TLSFIRST", tls_required: true, proto: 1, headers: true, max_payload: 1024 }));
      const p = new ClientOpParser({ connect() {}, pub() {}, sub() {}, unsub() {}, ping: () => sock.write("PONG\r\n"), pong() {} });
      sock.on("data", (d: Buffer) => p.parse(d));
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
    const port = (srv.address() as { port: number }).port;
    try {
      const nc = await connect({ servers: `127.0.0.1:${port}`, tls: { handshakeFirst: true, caFile: certs.caFile }, reconnect: false });
      expect(sawClientHelloFirst).toBe(true);
      expect(nc.info?.server_id).toBe("TLSFIRST");
      await nc.close();
    } finally {
      srv.close();
    }
  });
});
