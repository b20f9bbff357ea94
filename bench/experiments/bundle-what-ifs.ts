/**
 * What each optional feature of core costs in the bundle-size app (wsconnect + subscribe + publish +
 * request, minified, gzip -9): the app is bundled once as it is, then once per what-if with core's source
 * patched at bundle time to drop one feature, and the gzip bytes saved are printed and written to
 * bench/results/bundle-what-ifs.md. None of these is a change to make: each gives up something core
 * promises (the drop-in API, an option, a guarantee); the table says what the 12 KB goal would cost.
 *
 * Usage: node bench/experiments/run.mjs bundle-what-ifs
 * A patch whose text is no longer found fails: the what-if is stale, rewrite it.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Plugin } from "esbuild";
import { measureBundle } from "../src/bundle-measure";

// The repository's root: this file runs bundled into bench/.build/exp (run.mjs) and from its source (the
// staleness test), at different depths.
function repoRoot(dir: string): string {
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("bundle-what-ifs: no pnpm-workspace.yaml above " + __dirname);
    dir = up;
  }
  return dir;
}
const root = repoRoot(__dirname);
const bench = join(root, "bench");

/** One source change: replace `from` (or the range from `from` through `to`) with `by`. */
export interface Patch {
  file: string;
  from: string;
  to?: string;
  by: string;
}
export interface WhatIf {
  name: string;
  /** What the app would no longer have. */
  givesUp: string;
  patches: Patch[];
}

const ph = "packages/core/src/protocol/protocol-handler.ts";
const notices = "packages/core/src/protocol/server-notices.ts";
// In the order they are applied together ("all of the above"): a patch inside a range another removes comes first.
export const whatIfs: WhatIf[] = [
  {
    name: "lame-duck-move",
    givesUp: "moving to another server before one in lame duck mode closes (ours: `lameDuckMove`); the `ldm` status stays",
    patches: [
      { file: ph, from: "    this.#lameDuck = new LameDuckMover({", to: "      switchTo: (l) => this.#adopt(l, true),\n    });\n", by: "" },
      { file: notices, from: "    if (h.options.lameDuckMove) lameDuck.schedule(link);\n", by: "" },
    ],
  },
  {
    name: "tls-names",
    givesUp: "verifying a gossiped IP server's certificate against the host name the user gave (isIP)",
    patches: [
      { file: "packages/core/src/resilience/servers.ts", from: "    const c = this.#current;\n    if (c && !isIPAddress(c.hostname)) {", to: "    }\n  }\n", by: "  }\n" },
      { file: "packages/core/src/resilience/servers.ts", from: "      if (isIPAddress(s.hostname)) s.tlsName = this.#tlsName;\n", by: "" },
    ],
  },
  {
    name: "cluster-discovery",
    givesUp: "learning servers from INFO `connect_urls`/`ws_connect_urls` (and the `update` status)",
    patches: [
      { file: notices, from: "    const urls = h.servers.style", to: "deleted: changed.deleted });\n", by: "" },
      { file: "packages/core/src/resilience/servers.ts", from: "  update(connectUrls: string[] | undefined): ServersChanged {", to: "    return { added, deleted };\n  }\n", by: "" },
    ],
  },
  {
    name: "reconnect-to-server",
    givesUp: "the `reconnectToServer` handler",
    patches: [
      { file: "packages/core/src/resilience/reconnect-loop.ts", from: "  const handler = h.options.reconnectToServer;", to: "  return found;\n", by: "  return proposed;\n" },
    ],
  },
  {
    name: "request-many",
    givesUp: "`requestMany()`",
    patches: [
      { file: "packages/core/src/connection/connection.ts", from: "return this.#open(() => requestMany(this.protocol, subject, payload, opts));", by: 'return Promise.reject(new Error("requestMany"));' },
    ],
  },
  {
    name: "request-no-mux",
    givesUp: "`request()` with `noMux`/`reply` (a subscription per request)",
    patches: [
      { file: "packages/core/src/requests/request.ts", from: "  if (opts.noMux) {\n    const d = deferred<Msg>();", to: "    return d;\n  }\n", by: "" },
    ],
  },
  {
    name: "permission-routing",
    givesUp: "failing the subscription or requests a permissions violation names (it stays an `error` status)",
    patches: [{ file: notices, from: "  if (err instanceof PermissionViolationError) routePermissionError(err, h.subs, mux);\n", by: "" }],
  },
  {
    name: "bad-header-drop",
    givesUp: "dropping (and reporting) one message whose header block is malformed",
    patches: [{ file: ph, from: "    const bad = headerBlockProblem(frame);", to: 'error: bad });\n    }\n', by: "" }],
  },
  {
    name: "debug-option",
    givesUp: "the `debug` option (protocol and status printed to the console)",
    patches: [
      { file: "packages/core/src/protocol/link.ts", from: "    if (this.#opts.debug) console.info(`< ${this.server.listen} ${render(chunk)}`);\n", by: "" },
      { file: "packages/core/src/protocol/transport-writer.ts", from: "    if (this.#debug !== undefined) for (const p of parts) console.info(`> ${this.#debug} ${render(p)}`);\n", by: "" },
      { file: "packages/core/src/connection/status.ts", from: "    if (this.#debug) console.debug(`nats-stack status: ${s.type}`);\n", by: "" },
    ],
  },
  {
    name: "url-credentials",
    givesUp: "`user:pass@` and `token@` in server URLs",
    patches: [
      { file: "packages/core/src/resilience/servers.ts", from: '  const at = authority!.lastIndexOf("@");', to: ".map((part) => decodeCredential(part, bad)) : [];\n", by: "  const at = -1;\n  const user: string | undefined = undefined;\n  const pass: string[] = [];\n" },
    ],
  },
  {
    name: "status-stream",
    givesUp: "`status()` (events are still made, nobody can listen)",
    patches: [{ file: "packages/core/src/connection/status.ts", from: "  listen(): QueuedIteratorImpl<Status> {", to: "  /** Ends every listener", by: 'listen(): QueuedIteratorImpl<Status> { throw new Error("status"); }\n  emit(_s: Status): void {}\n  /** Ends every listener' }],
  },
  {
    name: "option-checks",
    givesUp: "typed errors for connection options of the wrong type or range (defaults still applied)",
    patches: [
      { file: "packages/core/src/connection/options.ts", from: "  for (const [k, type] of TYPED) {", to: "  }\n", by: "" },
      { file: "packages/core/src/connection/options.ts", from: "    else if (typeof d === \"boolean\"", to: "`must be a number >= ${d[1]}`);\n", by: "    else r[k] = v;\n" },
    ],
  },
  {
    name: "msg-headers",
    givesUp: "message headers: `msg.headers` (always undefined) and publishing with `headers` or trace options",
    patches: [
      { file: "packages/core/src/messages/msg.ts", from: "          this.headersCache = MsgHdrsImpl.decode(raw);", by: "          this.headersCache = null;" },
      { file: "packages/core/src/protocol/message-bytes.ts", from: "      hdrs = hdrs ?? new MsgHdrsImpl();", by: "      hdrs = hdrs ?? ({} as MsgHdrs);" },
      { file: "packages/core/src/protocol/message-bytes.ts", from: '    if (!(hdrs instanceof MsgHdrsImpl)) throw InvalidArgumentError.format("headers", "must be made with headers()");\n    headers = hdrs.encode();', by: '    throw new Error("headers");' },
    ],
  },
];

/** Where `p` applies in `text`: its start and end, or undefined when its text is no longer there. */
function locate(text: string, p: Patch): { a: number; e: number } | undefined {
  const a = text.indexOf(p.from);
  if (a < 0) return undefined;
  if (p.to === undefined) return { a, e: a + p.from.length };
  const t = text.indexOf(p.to, a + p.from.length);
  return t < 0 ? undefined : { a, e: t + p.to.length };
}

/**
 * The patches whose text is no longer found in their file (`what-if: file: first line`), each checked against
 * the file as the earlier patches of the same what-if left it. `bench/test/what-ifs.test.ts` fails on any:
 * a stale what-if would otherwise fail only when someone runs this experiment, long after the code moved.
 */
export function staleBundleWhatIfs(): string[] {
  const stale: string[] = [];
  for (const w of whatIfs) {
    const texts = new Map<string, string>();
    for (const p of w.patches) {
      const text = texts.get(p.file) ?? readFileSync(join(root, p.file), "utf8");
      const at = locate(text, p);
      if (!at) stale.push(`${w.name}: ${p.file}: ${p.from.split("\n")[0]!.trim()}`);
      else texts.set(p.file, text.slice(0, at.a) + p.by + text.slice(at.e));
    }
  }
  return stale;
}

function patchPlugin(patches: Patch[]): Plugin {
  return {
    name: "what-if",
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const mine = patches.filter((p) => args.path === join(root, p.file));
        if (!mine.length) return undefined;
        let text = readFileSync(args.path, "utf8");
        for (const p of mine) {
          const at = locate(text, p);
          if (!at) throw new Error(`what-if is stale: text not found in ${p.file}:\n${p.from}`);
          text = text.slice(0, at.a) + p.by + text.slice(at.e);
        }
        return { contents: text, loader: "ts" };
      });
    },
  };
}

const app = join(bench, "src", "bundle-apps", "ours.ts");
const tsconfig = join(bench, "tsconfig.json");
async function main(): Promise<void> {
  const gzipOf = async (patches: Patch[]) => (await measureBundle(app, root, tsconfig, { plugins: [patchPlugin(patches)] })).gzip;
  const base = await gzipOf([]);
  const rows: Array<{ w: WhatIf; saved: number }> = [];
  for (const w of whatIfs) rows.push({ w, saved: base - (await gzipOf(w.patches)) });
  const all = base - (await gzipOf(whatIfs.flatMap((w) => w.patches)));
  const lines = [
    "## What optional features cost in the bundle-size app (gzip -9 bytes)",
    "",
    `Bundle as it is: ${base} B gzip. Each row: the app bundled with core's source patched to drop one feature (bench/experiments/bundle-what-ifs.ts); none of these is done in core.`,
    "",
    "| what-if | what would be given up | gzip B saved |",
    "| --- | --- | --- |",
    ...rows.map(({ w, saved }) => `| ${w.name} | ${w.givesUp} | ${saved} |`),
    `| all of the above | | ${all} (bundle ${base - all} B) |`,
    "",
  ];
  console.log(lines.join("\n"));
  writeFileSync(join(bench, "results", "bundle-what-ifs.md"), lines.join("\n"));
}

// Run as a script (experiments/run.mjs); imported by the staleness test, it only exports the list.
if (require.main === module) void main();
