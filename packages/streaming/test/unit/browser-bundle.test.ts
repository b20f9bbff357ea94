/**
 * The package is runtime-neutral: bundled for a browser it needs no Node built-in, and its only import left
 * is @nats-stack/core's root, which each runtime resolves to its own entry through core's export
 * conditions (in a browser, pass `nc` from core's `wsconnect`).
 */
import { join } from "node:path";
import { build } from "esbuild";

test("bundles for the browser: no node:* or other built-in, nothing external but @nats-stack/core", async () => {
  const r = await build({
    entryPoints: [join(__dirname, "..", "..", "src", "index.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    external: ["@nats-stack/core"],
    metafile: true,
    logLevel: "silent",
  });
  expect(r.errors).toEqual([]);
  const external = new Set<string>();
  for (const out of Object.values(r.metafile!.outputs)) for (const i of out.imports) if (i.external) external.add(i.path);
  expect([...external]).toEqual(["@nats-stack/core"]);
  const inputs = Object.keys(r.metafile!.inputs);
  expect(inputs.filter((p) => p.startsWith("node:") || /(^|\/)(events|buffer|util|timers)(\.js)?$/.test(p))).toEqual([]);
  const code = r.outputFiles![0]!.text;
  expect(code).not.toMatch(/\bBuffer\.from\(|\bprocess\.nextTick\(/);
});
