// tsc copies import specifiers into the declarations as the sources write them (`from "../mod"`), and
// TypeScript resolving for Node's ESM (`moduleResolution` node16/nodenext) cannot follow an extensionless
// relative path inside a `"type": "module"` package: every type behind it becomes `any` or an error (attw's
// "InternalResolutionError"). This rewrites each relative specifier of the emitted `.d.ts` files to the
// file Node would load (`../mod.js`, `./kv/index.js`), which every resolution mode follows.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

// `from "…"`, `import("…")` and `import "…"`: the only places tsc writes a module specifier.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}(?:\/[^"']*)?)\2/g;

function declarationsUnder(dir) {
  const out = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...declarationsUnder(p));
    else if (f.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** The `.js` specifier Node would load for `spec` written in `file`; throws when no declaration matches. */
function fullySpecified(file, spec) {
  if (/\.(m|c)?js$/.test(spec)) return spec;
  const base = join(dirname(file), spec);
  if (existsSync(`${base}.d.ts`)) return `${spec}.js`;
  if (existsSync(join(base, "index.d.ts"))) return `${spec.replace(/\/$/, "")}/index.js`;
  throw new Error(`${file}: no declaration for "${spec}"`);
}

/** Rewrites the relative specifiers of every `.d.ts` under `dir`; returns how many files changed. */
export function fullySpecifyDeclarations(dir) {
  let changed = 0;
  for (const file of declarationsUnder(dir)) {
    const text = readFileSync(file, "utf8");
    const next = text.replace(SPECIFIER, (_, lead, q, spec) => `${lead}${q}${fullySpecified(file, spec)}${q}`);
    if (next !== text) {
      writeFileSync(file, next);
      changed++;
    }
  }
  return changed;
}

