module.exports = require("../../jest.base.cjs")("cli", __dirname);
