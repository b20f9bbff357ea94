import { startServer, type NatsServer } from "@nats-stack/fixtures/nats-server";
import { createOperatorSetup, encodeUserJwt, formatCreds, type OperatorSetup } from "@nats-stack/fixtures/jwt";
import {
  credsAuthenticator,
  jwtAuthenticator,
  nkeyAuthenticator,
  tokenAuthenticator,
  usernamePasswordAuthenticator,
} from "../../../src/auth/authenticators";
import type { Authenticator, NKeyAuth } from "../../../src/auth/auth-types";
import { encodeBase64Url } from "../../../src/auth/base64";
import { buildAuthenticator } from "../../../src/auth/build-authenticator";
import * as nkeys from "../../../src/auth/nkeys";
import { AuthorizationError } from "../../../src/errors";
import { connect } from "@nats-stack/core";
import { rawHandshake, type HandshakeResult } from "./raw-handshake";

const te = new TextEncoder();

function expectOk(r: HandshakeResult): asserts r is Extract<HandshakeResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected PONG, got -ERR '${r.err}'`);
}

function expectViolation(r: HandshakeResult): void {
  expect(r.ok).toBe(false);
  const err = (r as { err: string }).err;
  expect(err).toBe("Authorization Violation");
  expect(AuthorizationError.parse(err)).toBeInstanceOf(AuthorizationError);
}

describe("auth against nats-server", () => {
  const servers: NatsServer[] = [];
  let userPass: NatsServer;
  let token: NatsServer;
  let nkeyServer: NatsServer;
  let operator: NatsServer;
  let nkeyUser: nkeys.KeyPair;
  let setup: OperatorSetup;

  beforeAll(async () => {
    nkeyUser = await nkeys.createUser();
    setup = await createOperatorSetup();
    const started = await Promise.allSettled([
      startServer({ config: `authorization { user: derek, password: "s3cret" }\n` }),
      startServer({ config: `authorization { token: "t0k3n-with-punct!" }\n` }),
      startServer({ config: `authorization { users: [ { nkey: ${nkeyUser.getPublicKey()} } ] }\n` }),
      startServer({ config: setup.config }),
    ]);
    for (const s of started) if (s.status === "fulfilled") servers.push(s.value);
    const failed = started.find((s) => s.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
    [userPass, token, nkeyServer, operator] = servers as [NatsServer, NatsServer, NatsServer, NatsServer];
  }, 30_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  describe("user/password", () => {
    test("accepted", async () => {
      expectOk(await rawHandshake(userPass.port, usernamePasswordAuthenticator("derek", "s3cret")));
    });
    test("from the user/pass options through buildAuthenticator", async () => {
      expectOk(await rawHandshake(userPass.port, buildAuthenticator({ user: "derek", pass: "s3cret" })));
    });
    test("a wrong password is an Authorization Violation", async () => {
      expectViolation(await rawHandshake(userPass.port, usernamePasswordAuthenticator("derek", "nope")));
    });
    test("no credentials is an Authorization Violation", async () => {
      expectViolation(await rawHandshake(userPass.port, buildAuthenticator({})));
    });
  });

  describe("credentials in the server URL (nats.go's user:pass@ and token@ forms)", () => {
    test("user:pass@ and token@ are sent when the options give none, percent-decoded", async () => {
      const nc = await connect({ servers: `nats://derek:s3cret@127.0.0.1:${userPass.port}` });
      await nc.flush();
      await nc.close();
      const tc = await connect({ servers: `nats://${encodeURIComponent("t0k3n-with-punct!")}@127.0.0.1:${token.port}` });
      await tc.flush();
      await tc.close();
    });
    test("the options' credentials win over the URL's; wrong URL credentials are refused", async () => {
      const nc = await connect({ servers: `nats://derek:wrong@127.0.0.1:${userPass.port}`, user: "derek", pass: "s3cret" });
      await nc.flush();
      await nc.close();
      await expect(connect({ servers: `nats://derek:wrong@127.0.0.1:${userPass.port}`, maxReconnectAttempts: 0 })).rejects.toMatchObject({
        name: "AuthorizationError",
      });
    });
  });

  describe("token", () => {
    test("accepted", async () => {
      expectOk(await rawHandshake(token.port, tokenAuthenticator("t0k3n-with-punct!")));
      expectOk(await rawHandshake(token.port, buildAuthenticator({ token: "t0k3n-with-punct!" })));
    });
    test("a wrong token is an Authorization Violation", async () => {
      expectViolation(await rawHandshake(token.port, tokenAuthenticator("t0k3n")));
    });
  });

  describe("nkey", () => {
    test("the server sends a nonce, and our signature of it is accepted", async () => {
      const r = await rawHandshake(nkeyServer.port, nkeyAuthenticator(nkeyUser.getSeed()));
      expectOk(r);
      expect(typeof r.info.nonce).toBe("string");
      expect(r.connect.nkey).toBe(nkeyUser.getPublicKey());
      // padded standard base64, as nats.js sends
      expect(r.connect.sig).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    });

    test("a URL-safe unpadded signature (nats.go's form) is accepted too", async () => {
      const auth: Authenticator = async (nonce) => ({
        nkey: nkeyUser.getPublicKey(),
        sig: encodeBase64Url(await nkeyUser.sign(te.encode(nonce!))),
      });
      expectOk(await rawHandshake(nkeyServer.port, auth));
    });

    test("a signature by another key is an Authorization Violation", async () => {
      const other = await nkeys.createUser();
      const inner = nkeyAuthenticator(other.getSeed());
      const forged: Authenticator = async (nonce) => ({ ...((await inner(nonce)) as NKeyAuth), nkey: nkeyUser.getPublicKey() });
      expectViolation(await rawHandshake(nkeyServer.port, forged));
    });

    test("a signature of a different nonce is an Authorization Violation", async () => {
      const inner = nkeyAuthenticator(nkeyUser.getSeed());
      expectViolation(await rawHandshake(nkeyServer.port, (nonce) => inner(`${nonce}x`)));
    });

    test("an unknown nkey is an Authorization Violation", async () => {
      const other = await nkeys.createUser();
      expectViolation(await rawHandshake(nkeyServer.port, nkeyAuthenticator(other.getSeed())));
    });
  });

  describe("operator mode (JWT)", () => {
    test("a creds file made by the fixtures is accepted", async () => {
      expectOk(await rawHandshake(operator.port, credsAuthenticator(te.encode(setup.creds))));
    });

    test("jwtAuthenticator with the JWT and seed, given as functions", async () => {
      expectOk(await rawHandshake(operator.port, jwtAuthenticator(() => setup.userJwt, () => setup.user.getSeed())));
    });

    test("creds with CRLF line ends, read through a function", async () => {
      expectOk(await rawHandshake(operator.port, credsAuthenticator(() => te.encode(setup.creds.replace(/\n/g, "\r\n")))));
    });

    test("a JWT signed with the wrong user seed is an Authorization Violation", async () => {
      const other = await nkeys.createUser();
      expectViolation(await rawHandshake(operator.port, credsAuthenticator(formatCreds(setup.userJwt, other.getSeed()))));
    });

    test("a user JWT issued by an account the server does not know is an Authorization Violation", async () => {
      const [rogueAccount, user] = await Promise.all([nkeys.createAccount(), nkeys.createUser()]);
      const jwt = await encodeUserJwt(rogueAccount, user.getPublicKey());
      expectViolation(await rawHandshake(operator.port, credsAuthenticator(formatCreds(jwt, user.getSeed()))));
    });

    test("a bearer JWT connects without a signature", async () => {
      const user = await nkeys.createUser();
      const jwt = await encodeUserJwt(setup.account, user.getPublicKey(), { bearer: true });
      const r = await rawHandshake(operator.port, jwtAuthenticator(jwt));
      expectOk(r);
      expect(r.connect.sig).toBe("");
    });
  });
});
