// The what-ifs (experiments/what-ifs.mjs) patch the sources by text: a what-if whose text moved or was adopted
// fails only when someone tries it, long after. The module is ESM, so a Node child reads the list.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { staleBundleWhatIfs, whatIfs } from "../experiments/bundle-what-ifs";

test("every what-if still finds its file and the text it replaces", () => {
  const module = join(__dirname, "..", "experiments", "what-ifs.mjs");
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", `const m = await import(${JSON.stringify(module)}); console.log(JSON.stringify({ names: Object.keys(m.whatIfs), stale: m.staleWhatIfs() }));`], { encoding: "utf8" });
  const { names, stale } = JSON.parse(out) as { names: string[]; stale: string[] };
  expect(names.length).toBeGreaterThan(0);
  expect(stale).toEqual([]);
});

test("every bundle what-if still finds the text it removes", () => {
  expect(staleBundleWhatIfs()).toEqual([]);
  expect(whatIfs.length).toBeGreaterThan(0);
});
