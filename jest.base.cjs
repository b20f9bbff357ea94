// Shared jest settings: TypeScript through swc (no type checking here; `tsc --noEmit` runs in the suite),
// and workspace imports resolved to sources so tests never need a build first.
const path = require("node:path");
const root = __dirname;

module.exports = function base(displayName, dir) {
  return {
    displayName,
    rootDir: dir,
    // Node's environment, plus: an unhandled rejection or uncaught exception is a failure, also after a file ends.
    testEnvironment: path.join(root, "scripts/jest/environment.cjs"),
    testMatch: ["<rootDir>/test/**/*.test.ts"],
    transform: {
      "^.+\\.(t|j)sx?$": [
        require.resolve("@swc/jest"),
        {
          jsc: { parser: { syntax: "typescript" }, target: "es2022" },
          module: { type: "commonjs" },
        },
      ],
    },
    // The noble crypto packages (nkeys) ship ES modules only: let swc turn them into CommonJS like our sources.
    transformIgnorePatterns: ["/node_modules/(?!(\\.pnpm/@noble\\+[^/]+/node_modules/)?@noble/)"],
    moduleNameMapper: {
      "^@nats-stack/wire$": path.join(root, "packages/wire/src/index.ts"),
      "^@nats-stack/core$": path.join(root, "packages/core/src/entries/node.ts"),
      "^@nats-stack/core/(.*)$": path.join(root, "packages/core/src/entries/$1.ts"),
      "^@nats-stack/streaming$": path.join(root, "packages/streaming/src/index.ts"),
      "^@nats-stack/streaming/protocol$": path.join(root, "packages/streaming/src/pb/protocol.ts"),
      "^@nats-stack/jetstream$": path.join(root, "packages/jetstream/src/index.ts"),
      "^@nats-stack/jetstream/internal$": path.join(root, "packages/jetstream/src/internal.ts"),
      "^@nats-stack/jetstream/kv$": path.join(root, "packages/jetstream/src/kv/index.ts"),
      "^@nats-stack/jetstream/obj$": path.join(root, "packages/jetstream/src/obj/index.ts"),
      "^@nats-stack/fixtures/(.*)$": path.join(root, "fixtures/src/$1"),
    },
    moduleFileExtensions: ["ts", "js", "json"],
  };
};
