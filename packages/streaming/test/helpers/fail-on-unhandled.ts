/**
 * Every test file of this package runs with this setup (jest.config.cjs). Jest 30 (jest-circus) fails the
 * test during which an unhandled promise rejection or an uncaught exception is raised, as it would crash a
 * Node process in production; it attributes one raised later by what a test set off (a timer, a promise)
 * to that test, but only while the file is still running. So each file waits a moment after its last test:
 * what the last test left behind settles (and fails it) inside the file instead of after it, where it would
 * be lost or crash the worker. (A `process.on` listener here would not help: the sandbox's `process` is not
 * the one Node emits these events on.)
 */
afterAll(async () => {
  await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => setTimeout(r, 100));
});
