module.exports = require("../../jest.base.cjs")("streaming", __dirname);
