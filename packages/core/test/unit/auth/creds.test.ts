import { parseCreds } from "../../../src/auth/creds";
import { InvalidArgumentError } from "../../../src/errors";

const JWT = "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.eyJqdGkiOiJYIn0.c2ln";
const SEED = "SUAA5W23I45ZT7DRSZBT5GMBLTDLTRUE7HFOCT55SFI4VB7MAAYSUJU7BU";

// The layout nsc writes.
const NSC = `-----BEGIN NATS USER JWT-----
${JWT}
------END NATS USER JWT------

************************* IMPORTANT *************************
NKEY Seed printed below can be used to sign and prove identity.
NKEYs are sensitive and should be treated as secrets.

-----BEGIN USER NKEY SEED-----
${SEED}
------END USER NKEY SEED------

*************************************************************
`;

describe("parseCreds", () => {
  test.each([
    ["nsc's layout", NSC],
    ["CRLF line ends", NSC.replace(/\n/g, "\r\n")],
    ["bare CR line ends", NSC.replace(/\n/g, "\r")],
    ["no final newline", `-----BEGIN NATS USER JWT-----\n${JWT}\n------END NATS USER JWT------\n-----BEGIN USER NKEY SEED-----\n${SEED}\n------END USER NKEY SEED------`],
    ["three dashes and indentation", `  ---BEGIN NATS USER JWT---\n  ${JWT}  \n  ---END NATS USER JWT---\n\t---BEGIN USER NKEY SEED---\n\t${SEED}\n\t---END USER NKEY SEED---\n`],
    ["uneven dash counts", `--------BEGIN NATS USER JWT---\n${JWT}\n---END NATS USER JWT--------\n-----BEGIN USER NKEY SEED-------\n${SEED}\n---END USER NKEY SEED---\n`],
    ["blank lines inside blocks", `-----BEGIN NATS USER JWT-----\n\n${JWT}\n\n------END NATS USER JWT------\n-----BEGIN USER NKEY SEED-----\n\n${SEED}\n------END USER NKEY SEED------\n`],
    ["the JWT wrapped over lines", `-----BEGIN NATS USER JWT-----\n${JWT.slice(0, 20)}\n${JWT.slice(20)}\n------END NATS USER JWT------\n-----BEGIN USER NKEY SEED-----\n${SEED}\n------END USER NKEY SEED------\n`],
    ["seed block first", `-----BEGIN USER NKEY SEED-----\n${SEED}\n------END USER NKEY SEED------\n-----BEGIN NATS USER JWT-----\n${JWT}\n------END NATS USER JWT------\n`],
    ["unlabelled blocks, in nats.js's order", `---a---\n${JWT}\n---b---\n---c---\n${SEED}\n---d---\n`],
  ])("%s", (_name, text) => {
    expect(parseCreds(text)).toEqual({ jwt: JWT, seed: SEED });
    expect(parseCreds(new TextEncoder().encode(text))).toEqual({ jwt: JWT, seed: SEED });
  });

  test.each([
    ["empty", ""],
    ["no seed block", `-----BEGIN NATS USER JWT-----\n${JWT}\n------END NATS USER JWT------\n`],
    ["an unterminated seed block", `-----BEGIN NATS USER JWT-----\n${JWT}\n------END NATS USER JWT------\n-----BEGIN USER NKEY SEED-----\n${SEED}\n`],
    ["an empty JWT block", `-----BEGIN NATS USER JWT-----\n------END NATS USER JWT------\n-----BEGIN USER NKEY SEED-----\n${SEED}\n------END USER NKEY SEED------\n`],
    ["just a JWT", JWT],
  ])("rejects %s with InvalidArgumentError", (_name, text) => {
    expect(() => parseCreds(text)).toThrow(InvalidArgumentError);
    expect(() => parseCreds(text)).toThrow(/^'creds' unable to parse credentials/);
  });

  test("rejects a value that is neither text nor bytes", () => {
    expect(() => parseCreds(42 as unknown as string)).toThrow(InvalidArgumentError);
  });
});
