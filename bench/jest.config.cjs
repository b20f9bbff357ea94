module.exports = require("../jest.base.cjs")("bench", __dirname);
