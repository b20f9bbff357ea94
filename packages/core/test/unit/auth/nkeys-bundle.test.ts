/**
 * The nkeys crypto (`@noble/curves`, `@noble/ciphers`) is reachable only from the nkeys namespace and the
 * nkey/JWT/creds authenticators: an esbuild bundle of an app that connects and publishes carries none of
 * it, one that uses nkeys does. Checked on the bundler's own metafile (bytes each input put in the output).
 */
import { join } from "node:path";
import { build, type Plugin } from "esbuild";

const root = join(__dirname, "../../../../..");
const core = join(root, "packages/core/src/entries/node.ts");
const wire = join(root, "packages/wire/src/index.ts");

// Workspace packages resolve to their sources, as in the tests (no build needed).
const sources: Plugin = {
  name: "workspace-sources",
  setup(b) {
    b.onResolve({ filter: /^@nats-stack\/(core|wire)$/ }, (a) => ({ path: a.path.endsWith("core") ? core : wire }));
  },
};

// Inputs that put bytes into the bundle of `app`.
async function bundled(app: string): Promise<string[]> {
  const r = await build({
    stdin: { contents: app, resolveDir: join(root, "packages/core"), loader: "ts" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    metafile: true,
    logLevel: "silent",
    plugins: [sources],
  });
  const out = Object.values(r.metafile.outputs)[0]!;
  return Object.entries(out.inputs)
    .filter(([, v]) => v.bytesInOutput > 0)
    .map(([k]) => k);
}

jest.setTimeout(30_000);

test("an app that connects and publishes bundles no nkeys crypto", async () => {
  const inputs = await bundled(`
    import { connect, headers } from "@nats-stack/core";
    const nc = await connect({ servers: "127.0.0.1:4222", user: "a", pass: "b" });
    const h = headers(); h.set("a", "b");
    nc.publish("x", "y", { headers: h });
    await nc.drain();
  `);
  expect(inputs.some((p) => p.includes("protocol-handler.ts"))).toBe(true); // the client itself is there
  expect(inputs.filter((p) => p.includes("@noble") || /auth\/(ed25519|curve-key-pair|key-pair)\.ts$/.test(p))).toEqual([]);
});

test("an app that uses nkeys (or an nkey authenticator) bundles it", async () => {
  for (const use of [
    `import { nkeys } from "@nats-stack/core"; console.log(nkeys.createUser().getPublicKey());`,
    `import { connect, nkeyAuthenticator } from "@nats-stack/core"; await connect({ authenticator: nkeyAuthenticator(new Uint8Array()) });`,
  ]) {
    const inputs = await bundled(use);
    expect(inputs.some((p) => p.includes("@noble/curves"))).toBe(true);
  }
});
