import {
  credsAuthenticator,
  jwtAuthenticator,
  multiAuthenticator,
  nkeyAuthenticator,
  noAuthFn,
  tokenAuthenticator,
  usernamePasswordAuthenticator,
} from "../../../src/auth/authenticators";
import type { Auth, Authenticator, JwtAuth, NKeyAuth } from "../../../src/auth/auth-types";
import { buildAuthenticator } from "../../../src/auth/build-authenticator";
import * as nkeys from "../../../src/auth/nkeys";
import { InvalidArgumentError } from "../../../src/errors";
import { ref } from "./reference-nkeys";

const te = new TextEncoder();
const SEED = "SUAA5W23I45ZT7DRSZBT5GMBLTDLTRUE7HFOCT55SFI4VB7MAAYSUJU7BU";
const PUB = "UB3U6OLX3T6AZ2L4D6QHBHCR6QUI3LHTCT5UV4NJ25VN6QPTPNIXHF7P";
const NONCE = "PXoWU7zWAMt75FY";
// @nats-io/nkeys' signature of NONCE with SEED, base64 as nats.js sends it.
const SIG = "TnzmnmCWsctDylRBEYN7ktBkIr71uwBp516fBRW5RzanC3aoRempijm6rRmkfK7q+iJR/n/CZ3STRMw2zb92BA==";
const JWT = "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.e30.c2ln";
const CREDS = `-----BEGIN NATS USER JWT-----\n${JWT}\n------END NATS USER JWT------\n\n-----BEGIN USER NKEY SEED-----\n${SEED}\n------END USER NKEY SEED------\n`;

function isPromise(v: unknown): boolean {
  return typeof (v as { then?: unknown })?.then === "function";
}

function argError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidArgumentError);
    return (e as Error).message;
  }
  throw new Error("did not throw");
}

describe("usernamePasswordAuthenticator / tokenAuthenticator", () => {
  test("plain values and functions; synchronous", () => {
    const a = usernamePasswordAuthenticator("derek", "s3cret");
    expect(a()).toEqual({ user: "derek", pass: "s3cret" });
    let n = 0;
    const b = usernamePasswordAuthenticator(() => `u${++n}`, () => `p${n}`);
    expect(b()).toEqual({ user: "u1", pass: "p1" });
    expect(b()).toEqual({ user: "u2", pass: "p2" }); // read at every handshake
    expect(usernamePasswordAuthenticator("x")()).toEqual({ user: "x", pass: undefined });
    expect(tokenAuthenticator("tok")()).toEqual({ auth_token: "tok" });
    expect(tokenAuthenticator(() => "t2")()).toEqual({ auth_token: "t2" });
  });

  test("non-strings are InvalidArgumentError, at creation or when a function returns one", () => {
    expect(argError(() => usernamePasswordAuthenticator(42 as unknown as string))).toMatch(/^'user' must be a string/);
    expect(argError(() => usernamePasswordAuthenticator("u", {} as unknown as string))).toMatch(/^'pass' must be a string/);
    expect(argError(() => tokenAuthenticator(null as unknown as string))).toMatch(/^'token' must be a string.*null/);
    const late = usernamePasswordAuthenticator(() => undefined as unknown as string);
    expect(argError(() => late())).toMatch(/^'user' must be a string/);
  });
});

describe("nkeyAuthenticator", () => {
  test("signs the nonce exactly as nats.js (same nkey, same base64 sig)", async () => {
    const a = nkeyAuthenticator(te.encode(SEED));
    const r = a(NONCE);
    expect(isPromise(r)).toBe(false); // synchronous, as nats.js's
    expect(await r).toEqual({ nkey: PUB, sig: SIG });
    const theirs = ref.fromSeed(te.encode(SEED));
    expect(theirs.verify(te.encode(NONCE), nkeys.decode(((await r) as NKeyAuth).sig))).toBe(true);
  });

  test("no nonce: the public key and an empty sig; no seed: both empty", async () => {
    expect(await nkeyAuthenticator(SEED)()).toEqual({ nkey: PUB, sig: "" });
    expect(nkeyAuthenticator()("nonce")).toEqual({ nkey: "", sig: "" });
  });

  test("a function seed is read per call; surrounding whitespace is ignored", async () => {
    const other = await nkeys.createUser();
    const seeds = [SEED, ` ${new TextDecoder().decode(other.getSeed())}\n`];
    let i = 0;
    const a = nkeyAuthenticator(() => te.encode(seeds[i++ % 2]!));
    expect(((await a(NONCE)) as NKeyAuth).nkey).toBe(PUB);
    expect(((await a(NONCE)) as NKeyAuth).nkey).toBe(other.getPublicKey());
    expect(((await a(NONCE)) as NKeyAuth).sig).toBe(SIG);
  });

  test("a malformed seed is InvalidArgumentError with the NKeysError as cause", async () => {
    const msg = argError(() => nkeyAuthenticator(te.encode(SEED.slice(0, -1) + "A")));
    expect(msg).toMatch(/^'seed' is not a valid nkey seed \(nkeys: invalid checksum\)/);
    expect(argError(() => nkeyAuthenticator(PUB))).toMatch(/nkeys: invalid seed\)/);
    expect(argError(() => nkeyAuthenticator(7 as unknown as string))).toMatch(/^'seed' must be a Uint8Array, a string/);
    try {
      nkeyAuthenticator("SUNOTASEED");
    } catch (e) {
      expect((e as Error).cause).toBeInstanceOf(nkeys.NKeysError);
    }
    const late = nkeyAuthenticator(() => "garbage");
    expect(argError(() => late(NONCE))).toMatch(/^'seed' is not a valid nkey seed/);
  });
});

describe("jwtAuthenticator / credsAuthenticator", () => {
  test("with a seed: jwt, nkey and signature", async () => {
    expect(await jwtAuthenticator(JWT, te.encode(SEED))(NONCE)).toEqual({ jwt: JWT, nkey: PUB, sig: SIG });
    expect(await jwtAuthenticator(() => JWT, () => SEED)(NONCE)).toEqual({ jwt: JWT, nkey: PUB, sig: SIG });
  });

  test("bearer (no seed): synchronous, empty nkey and sig as nats.js sends", () => {
    const r = jwtAuthenticator(JWT)(NONCE);
    expect(isPromise(r)).toBe(false);
    expect(r).toEqual({ jwt: JWT, nkey: "", sig: "" });
  });

  test("creds as bytes, text, or a function (read once per handshake)", async () => {
    const want: JwtAuth = { jwt: JWT, nkey: PUB, sig: SIG };
    expect(await credsAuthenticator(te.encode(CREDS))(NONCE)).toEqual(want);
    expect(await credsAuthenticator(CREDS)(NONCE)).toEqual(want);
    let reads = 0;
    const a = credsAuthenticator(() => {
      reads++;
      return te.encode(CREDS.replace(/\n/g, "\r\n"));
    });
    expect(reads).toBe(0);
    expect(await a(NONCE)).toEqual(want);
    expect(await a()).toEqual({ ...want, sig: "" });
    expect(reads).toBe(2);
  });

  test("bad creds or a bad seed inside them: InvalidArgumentError", () => {
    expect(argError(() => credsAuthenticator(te.encode("nothing here")))).toMatch(/^'creds' unable to parse credentials/);
    expect(argError(() => credsAuthenticator(CREDS.replace(SEED, "SUXXXX")))).toMatch(/^'creds' is not a valid nkey seed/);
    expect(argError(() => jwtAuthenticator(5 as unknown as string))).toMatch(/^'jwt' must be a string/);
  });
});

describe("multiAuthenticator / buildAuthenticator", () => {
  test("nothing configured: returns undefined", () => {
    expect(buildAuthenticator({})()).toBeUndefined();
    expect(buildAuthenticator({ token: "", user: "" })()).toBeUndefined(); // falsy values do not count
    expect(noAuthFn()()).toBeUndefined();
  });

  test("user/pass and token options", () => {
    expect(buildAuthenticator({ user: "a", pass: "b" })()).toEqual({ user: "a", pass: "b" });
    expect(buildAuthenticator({ token: "t" })()).toEqual({ auth_token: "t" });
    expect(buildAuthenticator({ pass: "ignored without user" })()).toBeUndefined();
  });

  test("merge order is authenticator(s), then token, then user; later fields win", () => {
    const a: Authenticator = () => ({ user: "from-auth", pass: "p0" });
    const b: Authenticator = () => ({ auth_token: "from-b" });
    const auth = buildAuthenticator({ authenticator: [a, b], token: "tok", user: "opt-user", pass: "opt-pass" });
    expect(auth("n")).toEqual({ user: "opt-user", pass: "opt-pass", auth_token: "tok" });
    const onlyArray = buildAuthenticator({ authenticator: [b, () => ({ auth_token: "last" })] });
    expect(onlyArray()).toEqual({ auth_token: "last" });
    // An authenticator returning nothing contributes nothing; the merge still yields an object.
    expect(buildAuthenticator({ authenticator: [noAuthFn()] })()).toEqual({});
  });

  test("every part receives the nonce", () => {
    const seen: (string | undefined)[] = [];
    const spy: Authenticator = (n) => {
      seen.push(n);
    };
    buildAuthenticator({ authenticator: [spy, spy] })("abc");
    expect(seen).toEqual(["abc", "abc"]);
  });

  test("sync when every part is sync (a nats.js-style authenticator keeps working); a Promise otherwise", async () => {
    const sync = buildAuthenticator({ authenticator: () => ({ user: "u" }), token: "t" });
    expect(isPromise(sync())).toBe(false);
    expect(isPromise(buildAuthenticator({ authenticator: [nkeyAuthenticator(SEED), () => ({ user: "u" })] })(NONCE))).toBe(false);
    const mixed = buildAuthenticator({ authenticator: [nkeyAuthenticator(SEED), async () => ({ user: "u" })] });
    const r = mixed(NONCE);
    expect(isPromise(r)).toBe(true);
    expect(await r).toEqual({ nkey: PUB, sig: SIG, user: "u" });
    // Merge order holds across sync and async parts.
    const order = multiAuthenticator([async () => ({ user: "first" }), () => ({ user: "second" })]);
    expect(await order()).toEqual({ user: "second" });
  });

  test("a nats.js-shaped credsAuthenticator in the authenticator option", async () => {
    const auth = buildAuthenticator({ authenticator: credsAuthenticator(te.encode(CREDS)) });
    expect(await auth(NONCE)).toEqual({ jwt: JWT, nkey: PUB, sig: SIG });
  });

  test("a thrown or rejected part fails the whole", async () => {
    const boom = new Error("boom");
    expect(() => buildAuthenticator({ authenticator: [() => { throw boom; }] })()).toThrow(boom);
    await expect(buildAuthenticator({ authenticator: [async () => { throw boom; }, () => ({ user: "u" })] })() as Promise<Auth>).rejects.toBe(boom);
  });

  test("an authenticator option that is not a function (or array of them) is InvalidArgumentError", () => {
    expect(argError(() => buildAuthenticator({ authenticator: "nope" as unknown as Authenticator }))).toMatch(/^'authenticator' must be a function/);
    expect(argError(() => buildAuthenticator({ authenticator: [() => undefined, 3 as unknown as Authenticator] }))).toMatch(/element 1/);
    expect(argError(() => buildAuthenticator({ user: 1 as unknown as string }))).toMatch(/^'user'/);
    expect(argError(() => buildAuthenticator({ token: {} as unknown as string }))).toMatch(/^'token'/);
  });
});
