// The test environment of every jest project: Node's, plus a watch for unhandled promise rejections and
// uncaught exceptions in the worker process itself. A Node process in production dies on either; so does a
// test here. Jest fails the running test for one raised while a test runs, but one raised after its test
// file finished (a timer or socket callback left behind) would crash the worker with every test already
// counted as passed. This environment's constructor runs in the worker's own context (not the test's
// sandbox), so its listeners outlive every test file: each event is written to $NATS_STACK_UNHANDLED_DIR,
// which scripts/run-tests.mjs counts as failures, and fails the next test file of the worker.
const fs = require("node:fs");
const path = require("node:path");
const jestPath = require.resolve("jest");
const { TestEnvironment } = require(require.resolve("jest-environment-node", { paths: [jestPath] }));

const state = { file: "", pending: [] };
let installed = false;

function install() {
  if (installed) return;
  installed = true;
  const record = (kind, error) => {
    const text = `${kind} (last test file started in this worker: ${state.file}): ${error && error.stack ? error.stack : String(error)}`;
    state.pending.push(text);
    const dir = process.env.NATS_STACK_UNHANDLED_DIR;
    if (dir) {
      try {
        fs.appendFileSync(path.join(dir, `worker-${process.pid}.log`), `${JSON.stringify(text)}\n`);
      } catch {
        // the runner's directory is gone: the in-process report below is all there is
      }
    }
  };
  process.on("unhandledRejection", (reason) => record("unhandled promise rejection", reason));
  process.on("uncaughtException", (error) => record("uncaught exception", error));
}

class NatsStackEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    install();
    this.testPath = context.testPath;
  }

  async setup() {
    await super.setup();
    state.file = this.testPath;
    if (state.pending.length > 0) {
      const all = state.pending.splice(0);
      throw new Error(`${all.length} unhandled error(s) raised after an earlier test file of this worker finished:\n${all.join("\n")}`);
    }
  }

  async teardown() {
    state.pending.length = 0; // jest reported those raised while this file ran
    await super.teardown();
  }
}

module.exports = NatsStackEnvironment;
