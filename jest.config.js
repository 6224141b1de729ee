/** Jest runs TypeScript through esbuild (no type-checking there); `npm test` type-checks with tsc first. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": "<rootDir>/__tests__/support/transform.js" },
  testSequencer: "<rootDir>/__tests__/support/sequencer.js",
  setupFilesAfterEnv: ["<rootDir>/setup.js"],
  // One pool of running AWS providers that every Terraform command attaches to; see the file.
  globalSetup: "<rootDir>/__tests__/support/provider-pool.ts",
  globalTeardown: "<rootDir>/__tests__/support/provider-pool-teardown.ts",
  testTimeout: 120000,
  // Jest defaults to one worker on a 2-core machine; most test time is spent waiting on child processes.
  maxWorkers: 2,
};
