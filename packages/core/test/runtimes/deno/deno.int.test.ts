/**
 * The runtime scenario under Deno (`npm i deno`), over Deno's own sockets, plus TLS with certificates made
 * now: the bundle of deno/main.ts runs as `deno run` against servers this file starts.
 */
import { join } from "node:path";
import { bin, bundle, parseResults, prefix, runToEnd, startRig, stepTests, type RuntimeRig } from "../harness";
import type { StepResult } from "../scenario";

jest.setTimeout(120_000);
let rig: RuntimeRig;
let results: StepResult[] | undefined;

beforeAll(async () => {
  rig = await startRig({ tls: true });
  const out = join(rig.dir, "deno-main.mjs");
  await bundle(join(__dirname, "main.ts"), out);
  const cfg = {
    url: rig.server.url,
    control: rig.control,
    prefix: prefix("deno"),
    tls: { url: `tls://localhost:${rig.tls!.server.port}`, caFile: rig.tls!.certs.caFile },
  };
  const output = await runToEnd(bin("deno"), ["run", "--no-prompt", "--allow-net", `--allow-read=${rig.dir},${rig.tls!.certs.dir}`, out, JSON.stringify(cfg)], 100_000, {
    DENO_NO_UPDATE_CHECK: "1",
  });
  results = parseResults(output);
});
afterAll(() => rig?.stop());

stepTests(() => results, true);
