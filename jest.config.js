// Test tiers, each a jest project: `npm run test:unit | test:workflow | test:int`; `npm test` runs them all.
// Type checking is `npm run check`'s job (tsc --noEmit); here ts-jest only transpiles.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

const workflow = {
  ...common,
  displayName: 'workflow',
  // The mandate workflow on the time-skipping test server (scripts/ensure-test-server.sh).
  testMatch: ['<rootDir>/test/workflow/**/*.test.ts'],
};
const int = {
  ...common,
  displayName: 'int',
  // The API, worker processes, a real Temporal dev server and a real PostgreSQL (shared by int and int-nocache).
  testMatch: ['<rootDir>/test/int/**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
const noWorkerCache = '<rootDir>/test/support/no-worker-cache.ts';

/** @type {import('jest').Config} */
module.exports = {
  // Workflow and integration tests start servers and processes; unit tests finish long before this.
  testTimeout: 120_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      // Pure specs beside the code they test: no server, no database.
      testMatch: ['<rootDir>/{src,workflows,activities}/**/*.spec.ts'],
    },
    workflow,
    int,
    // The same tiers with the worker's cache off (WORKER_MAX_CACHED_WORKFLOWS=0): every workflow task replays.
    { ...workflow, displayName: 'workflow-nocache', setupFiles: [noWorkerCache] },
    { ...int, displayName: 'int-nocache', setupFiles: [noWorkerCache] },
  ],
};
