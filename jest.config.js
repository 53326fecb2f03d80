// Test tiers, each a jest project: `npm run test:unit | test:workflow | test:int`; `npm test` runs them all.
// Type checking is `npm run check`'s job (tsc --noEmit); here ts-jest only transpiles.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

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
    {
      ...common,
      displayName: 'workflow',
      // The mandate workflow on the time-skipping test server (scripts/ensure-test-server.sh).
      testMatch: ['<rootDir>/test/workflow/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'int',
      // The API, a worker process, a real Temporal dev server and a real PostgreSQL.
      testMatch: ['<rootDir>/test/int/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
