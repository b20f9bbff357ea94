/** The JWT helpers of fixtures/src/jwt.ts: what they sign must verify, also with the reference nkeys. */
import { createOperatorSetup, decodeJwt, encodeUserJwt, formatCreds, operatorModeConfig, verifyJwt } from "@nats-stack/fixtures/jwt";
import { parseCreds } from "../../../src/auth/creds";
import * as nkeys from "../../../src/auth/nkeys";
import { ref } from "./reference-nkeys";

const te = new TextEncoder();

describe("fixtures/jwt", () => {
  test("operator, account and user JWTs carry the v2 claims and verify", async () => {
    const s = await createOperatorSetup({ user: { name: "alice" } });
    const op = decodeJwt(s.operatorJwt);
    expect(op.header).toEqual({ typ: "JWT", alg: "ed25519-nkey" });
    expect(op.claims).toMatchObject({ iss: s.operator.getPublicKey(), sub: s.operator.getPublicKey(), nats: { type: "operator", version: 2 } });
    const acc = decodeJwt(s.accountJwt).claims;
    expect(acc).toMatchObject({ iss: s.operator.getPublicKey(), sub: s.account.getPublicKey(), nats: { type: "account", version: 2, limits: { conn: -1 } } });
    const user = decodeJwt(s.userJwt).claims;
    expect(user).toMatchObject({ iss: s.account.getPublicKey(), sub: s.user.getPublicKey(), name: "alice", nats: { type: "user", version: 2, subs: -1 } });
    expect(user.jti).toMatch(/^[A-Z2-7]{52}$/);
    expect(Math.abs(user.iat - Date.now() / 1000)).toBeLessThan(60);
    for (const jwt of [s.operatorJwt, s.accountJwt, s.userJwt]) expect(await verifyJwt(jwt)).toBe(true);

    // The reference implementation agrees with the signature.
    const { claims, signature } = decodeJwt(s.userJwt);
    const signed = te.encode(s.userJwt.slice(0, s.userJwt.lastIndexOf(".")));
    expect(ref.fromPublic(claims.iss).verify(signed, signature)).toBe(true);
  });

  test("a tampered JWT does not verify", async () => {
    const account = await nkeys.createAccount();
    const jwt = await encodeUserJwt(account, (await nkeys.createUser()).getPublicKey());
    const [h, p, sig] = jwt.split(".");
    const other = Buffer.from(JSON.stringify({ ...decodeJwt(jwt).claims, name: "mallory" })).toString("base64url");
    expect(await verifyJwt(`${h}.${other}.${sig}`)).toBe(false);
    expect(await verifyJwt(`${h}.${p}.${sig}`)).toBe(true);
  });

  test("user JWTs check the subject is a user key; bearer and issuer_account flags", async () => {
    const account = await nkeys.createAccount();
    await expect(encodeUserJwt(account, account.getPublicKey())).rejects.toThrow(nkeys.NKeysError);
    const u = (await nkeys.createUser()).getPublicKey();
    const claims = decodeJwt(await encodeUserJwt(account, u, { bearer: true, issuerAccount: "AX" })).claims;
    expect(claims.nats).toMatchObject({ bearer_token: true, issuer_account: "AX" });
  });

  test("formatCreds output parses back, with ours", async () => {
    const s = await createOperatorSetup();
    expect(parseCreds(s.creds)).toEqual({ jwt: s.userJwt, seed: new TextDecoder().decode(s.user.getSeed()) });
    expect(parseCreds(formatCreds("a.b.c", "SUX"))).toEqual({ jwt: "a.b.c", seed: "SUX" });
  });

  test("operatorModeConfig", () => {
    const conf = operatorModeConfig({ operatorJwt: "eyJop", accounts: { AAA: "eyJa" }, systemAccount: "AAA" });
    expect(conf).toBe("operator: eyJop\nresolver: MEMORY\nresolver_preload: {\n  AAA: eyJa\n}\nsystem_account: AAA\n");
  });
});
