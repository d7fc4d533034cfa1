/**
 * Three projects: unit (specs beside the code, no services), integration
 * (real Postgres and Redis) and e2e (supertest on /graphql). The global setup
 * finds or starts Postgres and Redis the way `npm start` does, migrates a
 * template database once, and each test file clones its own database from it.
 */
const swc = [
  '@swc/jest',
  {
    swcrc: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@carenet/(.*)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
  rootDir: '.',
};

export default {
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    { ...common, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.test.ts'] },
    { ...common, displayName: 'fuzz', testMatch: ['<rootDir>/test/fuzz/**/*.test.ts'] },
    // a Redis Cluster, a Postgres primary with its streaming replica, two APIs and two workers, all started by the test
    { ...common, displayName: 'scale', testMatch: ['<rootDir>/test/scale/**/*.test.ts'] },
    // `npm run soak` only: faults and hostile input at full strength (tens of minutes)
    ...(process.env.CARENET_SOAK ? [{ ...common, displayName: 'soak', testMatch: ['<rootDir>/test/soak/**/*.test.ts'] }] : []),
  ],
};
