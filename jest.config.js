/** Jest runs TypeScript through ts-jest in transpile-only mode: `tsc --noEmit` is the type gate. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/server', '<rootDir>/bot', '<rootDir>/cards', '<rootDir>/scripts', '<rootDir>/testkit', '<rootDir>/miniprogram'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/miniprogram/dist/'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }] },
  globalSetup: '<rootDir>/testkit/globalSetup.ts',
  globalTeardown: '<rootDir>/testkit/globalTeardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
