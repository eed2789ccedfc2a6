// Native ESM: ink and yoga use top-level await, so ts-jest runs in ESM mode (see STACK.md).
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.tsx?$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['**/test/**/*.test.ts?(x)', '**/lambda/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  // Generous: on a shared 2-core machine one AWS CLI v2 call can take 10 s (0.8 s alone), and a
  // test making six of them timed out at 60 s. A passing test is not slowed by this; a hang fails later.
  testTimeout: 180000,
  // Most suites wait on child processes (the AWS CLI, the built CLI, tmux, npm): one worker per
  // core keeps both cores busy (jest's default leaves one idle on a 2-core machine).
  maxWorkers: '100%',
  // Longest suites first (test/durations.json where jest's cache has no timings, as on CI).
  testSequencer: '<rootDir>/test/sequencer.mjs',
  // Stops at once when a system program the suites drive is missing (see the file).
  globalSetup: '<rootDir>/test/global-setup.mjs',
};
