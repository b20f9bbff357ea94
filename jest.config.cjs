// Root: every package's own jest project, so `jest` here runs what each folder runs on its own.
const fs = require("node:fs");
const path = require("node:path");
const dirs = ["packages/wire", "packages/core", "packages/streaming", "packages/jetstream", "packages/cli", "fixtures"];
module.exports = {
  projects: dirs
    .map((d) => path.join(__dirname, d, "jest.config.cjs"))
    .filter((f) => fs.existsSync(f)),
};
