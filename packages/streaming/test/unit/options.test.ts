/**
 * Options as node-nats-streaming 0.3.2 reads them (lib/stan.js `parseOptions`), and the @nats-stack/core
 * options they become: every alias, nats@1's `tls` booleans, and nats@1's auth options as one authenticator.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nkeys, type Authenticator } from "@nats-stack/core";
import { createOperatorSetup } from "@nats-stack/fixtures/jwt";
import { connect, StanError, type StanOptions } from "../../src/index";
import { OPTION_ALIASES } from "../../src/option-aliases";
import { natsOptions } from "../../src/nats-options";
import { parseStanOptions } from "../../src/options";

const te = new TextEncoder();

// Every alias node-nats-streaming 0.3.2's parseOptions maps (`this.assignOption(opts, alias, name)`).
const REFERENCE_ALIASES: Record<string, string> = {
  client: "name",
  credentials: "userCreds",
  dontRandomize: "noRandomize",
  jwt: "userJWT",
  JWT: "userJWT",
  nkeys: "nkey",
  NoRandomize: "noRandomize",
  password: "pass",
  secure: "tls",
  sig: "nonceSigner",
  sigCB: "nonceSigner",
  sigCallback: "nonceSigner",
  sigcb: "nonceSigner",
  uri: "url",
  urls: "servers",
  usercreds: "userCreds",
  userjwt: "userJWT",
};

test("every alias node-nats-streaming maps, to the same option, and nothing else", () => {
  expect(Object.fromEntries(OPTION_ALIASES)).toEqual(REFERENCE_ALIASES);
  for (const [alias, name] of Object.entries(REFERENCE_ALIASES)) {
    const value = name === "nonceSigner" ? () => new Uint8Array(0) : name === "noRandomize" ? true : name === "servers" ? ["nats://h:1"] : `v-${alias}`;
    const o = parseStanOptions({ [alias]: value } as StanOptions);
    expect({ alias, value: (o as unknown as Record<string, unknown>)[name] }).toEqual({ alias, value });
    expect(o).not.toHaveProperty(alias);
  }
});

test("an alias beats the option's own name; of two aliases the later in the reference's list wins", () => {
  expect(parseStanOptions({ url: "nats://a:1", uri: "nats://b:2" }).url).toBe("nats://b:2");
  expect(parseStanOptions({ pass: "x", password: "y" }).pass).toBe("y");
  expect(parseStanOptions({ jwt: "first", JWT: "second", userjwt: "third" }).userJWT).toBe("third");
  // `port` gives way to `url`, and to `uri`.
  expect(parseStanOptions({ port: 4333, uri: "nats://c:3" }).url).toBe("nats://c:3");
});

test("a URL given as the options string is completed as node-nats-streaming's sanitizeUrl did (stan.js 'connect with hostport')", () => {
  expect(parseStanOptions("localhost:4333").url).toBe("nats://localhost:4333");
  expect(parseStanOptions("nats://h").url).toBe("nats://h:4222");
  expect(parseStanOptions("h").url).toBe("nats://h:4222");
  expect(parseStanOptions("tls://h:1").url).toBe("tls://h:1");
  // Only the string form: a `url` option is taken as given, as the reference took it.
  expect(parseStanOptions({ url: "h:1" }).url).toBe("h:1");
  expect(parseStanOptions(4333).url).toBe("nats://localhost:4333");
});

test("the core options: servers, forwarded NATS options, nats@1's tls booleans", () => {
  const o = natsOptions(
    parseStanOptions({ uri: "nats://h:1", client: "me", user: "u", password: "p", dontRandomize: true, secure: true, pingInterval: 9, waitOnFirstConnect: true }),
  );
  expect(o).toMatchObject({ servers: "nats://h:1", name: "me", user: "u", pass: "p", noRandomize: true, tls: {}, pingInterval: 9, maxReconnectAttempts: -1 });
  // Retrying the first connection is done by the STAN client (it emits `reconnecting`), not by core.
  expect(o.waitOnFirstConnect).toBeUndefined();
  expect(natsOptions(parseStanOptions({ urls: ["nats://a:1", "nats://b:2"], url: "nats://c:3" })).servers).toEqual(["nats://a:1", "nats://b:2"]);
  expect(natsOptions(parseStanOptions({ tls: false })).tls).toBeNull();
  expect(natsOptions(parseStanOptions({ tls: { rejectUnauthorized: false } })).tls).toEqual({ rejectUnauthorized: false });
  expect(natsOptions(parseStanOptions({ natsOptions: { inboxPrefix: "_MY" } }))).toMatchObject({ inboxPrefix: "_MY", servers: "nats://localhost:4222" });
});

function authOf(opts: StanOptions): Authenticator {
  const a = natsOptions(parseStanOptions(opts)).authenticator;
  expect(typeof a).toBe("function");
  return a as Authenticator;
}

test("nkey and nonceSigner: CONNECT gets the nkey and the nonce's signature (only when the server sent a nonce)", async () => {
  const kp = await nkeys.createUser();
  const pub = await kp.getPublicKey();
  const auth = authOf({ nkeys: pub, sigcb: (nonce) => kp.sign(nonce) });
  const a = (await auth("nonce-123")) as { nkey: string; sig: string };
  expect(a.nkey).toBe(pub);
  expect(await nkeys.fromPublic(pub).verify(te.encode("nonce-123"), Buffer.from(a.sig, "base64url"))).toBe(true);
  expect(await auth(undefined)).toEqual({ nkey: pub });
  // A signer returning text (already encoded) is sent as is, as nats@1 did.
  expect(await authOf({ nkey: pub, nonceSigner: () => "c2ln" })("n")).toEqual({ nkey: pub, sig: "c2ln" });
});

test("userJWT (text or function) and tokenHandler are read at each handshake", async () => {
  let n = 0;
  const jwtAuth = authOf({ userJWT: () => `jwt-${++n}` });
  expect(await jwtAuth(undefined)).toEqual({ jwt: "jwt-1" });
  expect(await jwtAuth(undefined)).toEqual({ jwt: "jwt-2" });
  expect(await authOf({ JWT: "fixed" })(undefined)).toEqual({ jwt: "fixed" });
  expect(await authOf({ tokenHandler: () => "tok" })(undefined)).toEqual({ auth_token: "tok" });
  // Without any of them, core's own options alone decide.
  expect(natsOptions(parseStanOptions({ token: "t" })).authenticator).toBeUndefined();
});

test("userCreds: the creds file at that path is read at each handshake (user JWT, nonce signed by its seed)", async () => {
  const setup = await createOperatorSetup();
  const dir = mkdtempSync(join(tmpdir(), "stan-creds-"));
  try {
    const path = join(dir, "user.creds");
    writeFileSync(path, setup.creds);
    const auth = authOf({ credentials: path });
    const a = (await auth("abc")) as { jwt: string; nkey: string; sig: string };
    expect(a.jwt).toBe(setup.userJwt);
    const pub = await setup.user.getPublicKey();
    expect(a.nkey).toBe(pub);
    expect(await nkeys.fromPublic(pub).verify(te.encode("abc"), Buffer.from(a.sig, "base64url"))).toBe(true);
    rmSync(path);
    await expect(Promise.resolve().then(() => auth("abc"))).rejects.toThrow(/ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("userCreds on a runtime without a file system: a StanError saying what to do instead", () => {
  const proc = process as unknown as { getBuiltinModule?: unknown };
  const saved = proc.getBuiltinModule;
  proc.getBuiltinModule = undefined;
  try {
    expect(() => natsOptions(parseStanOptions({ userCreds: "/x.creds" }))).toThrow(
      "stan: option 'userCreds' needs a file system; pass natsOptions: { authenticator: credsAuthenticator(<creds text>) } instead",
    );
  } finally {
    proc.getBuiltinModule = saved;
  }
});

test("bad auth options throw at connect with nats@1's texts, as node-nats-streaming's connect did", () => {
  const bad = (o: StanOptions) => () => connect("c", "x", o);
  expect(bad({ tokenHandler: "nope" as unknown as () => string })).toThrow("tokenHandler must be a function returning a token");
  expect(bad({ token: "t", tokenHandler: () => "t" })).toThrow("token and tokenHandler cannot both be provided");
  expect(bad({ sig: "nope" as unknown as () => string })).toThrow("Signature callback is not a function.");
  expect(bad({ userjwt: 5 as unknown as string })).toThrow(StanError);
  expect(bad({ usercreds: {} as unknown as string })).toThrow(StanError);
  // found by the dialled junk property (seed 629223750): a BigInt nkey broke the CONNECT JSON
  expect(bad({ nkeys: -1n as unknown as string })).toThrow("stan: option 'nkey' must be a string (a public NKey), got ");
  expect(bad({ nkey: 5 as unknown as string })).toThrow(StanError);
});
