/**
 * The runtime scenario under Bun (`npm i bun`), over Bun's native sockets, plus TLS with certificates made
 * now: the bundle of bun/main.ts runs as `bun` against servers this file starts.
 */
import { join } from "node:path";
import { bin, bundle, parseResults, prefix, runToEnd, startRig, stepTests, type RuntimeRig } from "../harness";
import type { StepResult } from "../scenario";

jest.setTimeout(120_000);
let rig: RuntimeRig;
let results: StepResult[] | undefined;

beforeAll(async () => {
  rig = await startRig({ tls: true });
  const out = join(rig.dir, "bun-main.mjs");
  await bundle(join(__dirname, "main.ts"), out, { platform: "node" });
  const cfg = {
    url: rig.server.url,
    control: rig.control,
    prefix: prefix("bun"),
    tls: { url: `tls://localhost:${rig.tls!.server.port}`, caFile: rig.tls!.certs.caFile },
  };
  const output = await runToEnd(bin("bun"), [out, JSON.stringify(cfg)], 100_000);
  results = parseResults(output);
});
afterAll(() => rig?.stop());

stepTests(() => results, true);
