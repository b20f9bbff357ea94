module.exports = require("../../jest.base.cjs")("wire", __dirname);
