/**
 * Our authenticators against nats.js's own, called with the same inputs: the CONNECT fields must be equal
 * (ours awaited, since ours may be async). This is the drop-in promise, checked on the real thing.
 */
import {
  credsAuthenticator,
  jwtAuthenticator,
  nkeyAuthenticator,
  tokenAuthenticator,
  usernamePasswordAuthenticator,
} from "../../../src/auth/authenticators";
import type { Authenticator } from "../../../src/auth/auth-types";
import { buildAuthenticator } from "../../../src/auth/build-authenticator";
import { refAuth, type RefAuth } from "./reference-nkeys";

const te = new TextEncoder();
const SEED = "SUAA5W23I45ZT7DRSZBT5GMBLTDLTRUE7HFOCT55SFI4VB7MAAYSUJU7BU";
const JWT = "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.e30.c2ln";
const NONCE = "zt6wDJ07uRPuGDE";
const CREDS = `-----BEGIN NATS USER JWT-----\n${JWT}\n------END NATS USER JWT------\n\n************************* IMPORTANT *************************\nNKEY Seed printed below...\n\n-----BEGIN USER NKEY SEED-----\n${SEED}\n------END USER NKEY SEED------\n\n*************************************************************\n`;

let theirs: RefAuth;
beforeAll(() => {
  theirs = refAuth();
});

async function same(ours: Authenticator, ref: (nonce?: string) => unknown, nonce: string | undefined = NONCE): Promise<void> {
  expect(await ours(nonce)).toEqual(ref(nonce));
}

// tweetnacl is slow under jest; the signing cases get more time.
jest.setTimeout(20_000);

describe("same CONNECT fields as nats.js", () => {
  test("user/pass, with and without pass, values and functions", async () => {
    await same(usernamePasswordAuthenticator("a", "b"), theirs.usernamePasswordAuthenticator("a", "b"));
    await same(usernamePasswordAuthenticator("a"), theirs.usernamePasswordAuthenticator("a"));
    await same(usernamePasswordAuthenticator(() => "a", () => "b"), theirs.usernamePasswordAuthenticator(() => "a", () => "b"));
  });

  test("token", async () => {
    await same(tokenAuthenticator("t"), theirs.tokenAuthenticator("t"));
  });

  test("nkey with and without a nonce, and without a seed", async () => {
    await same(nkeyAuthenticator(te.encode(SEED)), theirs.nkeyAuthenticator(te.encode(SEED)));
    await same(nkeyAuthenticator(te.encode(SEED)), theirs.nkeyAuthenticator(te.encode(SEED)), undefined);
    await same(nkeyAuthenticator(), theirs.nkeyAuthenticator());
  });

  test("jwt with a seed, and bearer", async () => {
    await same(jwtAuthenticator(JWT, te.encode(SEED)), theirs.jwtAuthenticator(JWT, te.encode(SEED)));
    await same(jwtAuthenticator(JWT), theirs.jwtAuthenticator(JWT));
  });

  test("creds in nsc's layout", async () => {
    await same(credsAuthenticator(te.encode(CREDS)), theirs.credsAuthenticator(te.encode(CREDS)));
  });

  test.each([
    ["nothing", {}],
    ["user/pass", { user: "u", pass: "p" }],
    ["token and user", { token: "t", user: "u" }],
    ["pass alone", { pass: "p" }],
    ["empty strings", { user: "", token: "" }],
  ] as [string, Record<string, string>][])("buildAuthenticator: %s", async (_n, opts) => {
    await same(buildAuthenticator(opts), theirs.buildAuthenticator({ ...opts }));
  });

  test("buildAuthenticator: an array of authenticators merged with the options", async () => {
    const mk = () => [(): { user: string; pass: string } => ({ user: "x", pass: "y" }), () => ({ auth_token: "z" })];
    await same(buildAuthenticator({ authenticator: mk(), user: "u" }), theirs.buildAuthenticator({ authenticator: mk(), user: "u" }));
    await same(
      buildAuthenticator({ authenticator: [nkeyAuthenticator(SEED), () => ({ user: "w" })] }),
      theirs.buildAuthenticator({ authenticator: [theirs.nkeyAuthenticator(te.encode(SEED)), () => ({ user: "w" })] }),
    );
  });
});
