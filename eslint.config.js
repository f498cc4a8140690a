// Lint: typescript-eslint recommended, plus the project rules that keep the architecture honest.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'miniprogram/dist/', 'coverage/', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      // One env module reads the environment; everything else receives settings.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings through server/src/env.ts' }],
    },
  },
  {
    files: ['server/src/env.ts', 'testkit/**', 'scripts/testSetup.js', '**/*.test.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // cards/ is pure: it imports nothing of ours and no I/O.
    files: ['cards/src/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/server/**', '**/bot/**', 'node:fs', 'fs', 'axios', 'pg'] }],
    },
  },
  {
    files: ['bot/src/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/server/**'] }] },
  },
  {
    files: ['**/*.test.ts', 'testkit/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
