const base = require("../../jest.base.cjs")("streaming", __dirname);
// Unhandled rejections and uncaught exceptions fail the run (see the setup file).
module.exports = { ...base, setupFilesAfterEnv: ["<rootDir>/test/helpers/fail-on-unhandled.ts"] };
