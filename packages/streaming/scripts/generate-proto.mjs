// Generates src/pb/protocol.ts from proto/protocol.proto with protoc (Debian's protobuf-compiler) and
// ts-proto 1.x. The options below make the output depend on the .proto and ts-proto's version only (no
// protoc version banner), so the staleness test can compare it byte for byte.
//   node scripts/generate-proto.mjs [outDir]   (default: src/pb)
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = resolve(process.argv[2] ?? join(pkg, "src", "pb"));
const plugin = join(pkg, "node_modules", ".bin", "protoc-gen-ts_proto");

/** The ts-proto options; see the README's "Protobuf" section for why each one is set. */
export const TS_PROTO_OPTIONS = [
  "esModuleInterop=true", // `import _m0 from "protobufjs/minimal.js"`: protobufjs is CommonJS
  "importSuffix=.js", // protobufjs has no exports map: ESM needs the file name
  "forceLong=bigint", // timestamps in ns do not fit a double; sequences are converted at the edge
  "outputJsonMethods=false",
  "outputPartialMethods=true", // `fromPartial` builds a message from the fields that matter
  "unrecognizedEnum=false",
  "annotateFilesWithVersion=false", // no protoc/ts-proto version banner: the output is reproducible
  "useExactTypes=false",
];

mkdirSync(out, { recursive: true });
const r = spawnSync(
  "protoc",
  [
    `--plugin=protoc-gen-ts_proto=${plugin}`,
    `--ts_proto_out=${out}`,
    `--ts_proto_opt=${TS_PROTO_OPTIONS.join(",")}`,
    `--proto_path=${join(pkg, "proto")}`,
    "protocol.proto",
  ],
  { cwd: pkg, stdio: "inherit" },
);
if (r.error) {
  console.error(`protoc could not run (${r.error.message}); install Debian's protobuf-compiler`);
  process.exit(1);
}
process.exit(r.status ?? 1);
