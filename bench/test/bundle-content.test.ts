/**
 * What the browser bundle of the bundle-size app (wsconnect + subscribe + publish + request,
 * bench/src/bundle-apps/ours.ts) contains: the client and the server-op parser, and nothing an app that
 * does not use it should carry: no client-op parser, no encoder of server ops, no authenticator factory,
 * nkeys, JWT or creds code, no `Bench`. A content test, not a size test: it reads the bundler's metafile
 * and an unminified build (same tree shaking, names kept).
 */
import { join } from "node:path";
import { measureBundle, type BundleMeasure } from "../src/bundle-measure";

const bench = join(__dirname, "..");
const root = join(bench, "..");
let app: BundleMeasure;

beforeAll(async () => {
  app = await measureBundle(join(bench, "src", "bundle-apps", "ours.ts"), root, join(bench, "tsconfig.json"), { minify: false });
});

// Source modules that put code into the bundle.
const inputs = () => app.modules.filter((m) => m.min > 0).map((m) => m.file);
// A function or class declared in the bundle (esbuild keeps names when not minifying, writes a class as
// `var X = class`, and may add a digit to a name to avoid a clash).
const declares = (name: string) => new RegExp(`(function ${name}\\d*\\(|class ${name}\\d* |var ${name}\\d* = class)`).test(app.code);

test("the client is there, with the parser of what a server sends", () => {
  expect(inputs()).toEqual(expect.arrayContaining(["packages/core/src/protocol/protocol-handler.ts", "packages/wire/src/server-parser.ts"]));
  expect(declares("ServerOpParser")).toBe(true);
  expect(declares("NatsConnectionImpl")).toBe(true);
});

test("no client-op parser and no encoder of server ops", () => {
  expect(inputs().filter((f) => /wire\/src\/(client-parser|collect)\.ts$/.test(f))).toEqual([]);
  for (const name of ["ClientOpParser", "encodeMsg", "encodeHmsg", "encodeInfo", "encodeErr", "encodeOk", "encodeServerOp", "encodeClientOp"]) {
    expect([name, declares(name)]).toEqual([name, false]);
  }
});

test("no authenticator factories, nkeys, JWT, creds or Bench", () => {
  // The only auth module is the merge of the user's own authenticators (auth/multi-authenticator.ts).
  expect(inputs().filter((f) => f.includes("/auth/") && !f.endsWith("auth/multi-authenticator.ts"))).toEqual([]);
  expect(inputs().filter((f) => f.includes("@noble") || f.endsWith("compat/bench.ts"))).toEqual([]);
  for (const name of ["buildAuthenticator", "usernamePasswordAuthenticator", "tokenAuthenticator", "nkeyAuthenticator", "jwtAuthenticator", "credsAuthenticator", "parseCreds", "Bench", "Metric"]) {
    expect([name, declares(name)]).toEqual([name, false]);
  }
});
