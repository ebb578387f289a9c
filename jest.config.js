// Three tiers (HOUSE-STYLE): unit specs beside the code, integration tests against real
// PostgreSQL/Redis (a database per file cloned from a migrated template), e2e over HTTP.
const swc = [
  '@swc/jest',
  {
    swcrc: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  // Nest 12 (and a few of its dependencies, and json-schema-ref-parser) ship ESM only; jest's loader needs them as CommonJS.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|content-disposition|@apidevtools|openid-client|oauth4webapi|jose|oidc-provider)/)',
  ],
  moduleNameMapper: {
    '^@consilium/(pathway|audit|db|jobs|config)$': '<rootDir>/libs/$1/src/index.ts',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/tmp/'],
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      // test/unit: checks of files that are not code beside it (deploy/). The web app's specs run
      // under vitest with its vite config (apps/web/vite.config.ts, `npm test -w @consilium/web`).
      testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/web/'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/setup-timeouts.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/setup-timeouts.ts'],
    },
  ],
};
