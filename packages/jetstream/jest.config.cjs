module.exports = require("../../jest.base.cjs")("jetstream", __dirname);
