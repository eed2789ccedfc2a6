// Native ESM: ink and yoga use top-level await, so ts-jest runs in ESM mode (see STACK.md).
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.tsx?$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['**/test/**/*.test.ts?(x)', '**/lambda/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  testTimeout: 60000,
  // Stops at once when a system program the suites drive is missing (see the file).
  globalSetup: '<rootDir>/test/global-setup.mjs',
};
