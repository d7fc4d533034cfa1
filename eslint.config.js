// The linter's rules are the habits the code already keeps (docs/style.md):
// typescript-eslint's recommended set, no console in the services (logs go
// through pino), libraries entered only through their index.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'apps/web/**', 'docs/**', '**/*.gen.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-console': 'error',
      // a variable set in each branch of an if/else chain reads better declared with its default
      'no-useless-assignment': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@carenet/*/src/*', '@carenet/*/src'], message: 'a library is entered only through its index.ts (@carenet/<lib>)' }] },
      ],
    },
  },
  {
    // services and repositories keep `any` out; tests and scripts read loosely typed JSON answers
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // the registry maps raw rows of its history tables by hand (to be typed like the other repositories)
    files: ['libs/registry/src/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'warn' },
  },
  {
    // command-line programs, the bench and test reports print to the terminal
    files: ['apps/cli/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', '**/*.mjs'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', globalThis: 'readonly', URL: 'readonly' } },
  },
);
