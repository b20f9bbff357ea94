module.exports = require("../../jest.base.cjs")("core", __dirname);
