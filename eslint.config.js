// The linter's rules are the habits the code already keeps (docs/style.md):
// typescript-eslint's recommended set, no console in the services (logs go
// through pino), libraries entered only through their index.ts; in the web app, features that do not
// import each other (docs/style.md, "The web app").
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const libraries = { group: ['@carenet/*/src/*', '@carenet/*/src'], message: 'a library is entered only through its index.ts (@carenet/<lib>)' };

// The web app's features (apps/web/src/features/<name>): each imports app/, components/, lib/ and gql/,
// never another feature's files; what two features share moves to components/. Only app/ (the router)
// reaches into features.
const features = readdirSync(new URL('./apps/web/src/features', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const featureBoundaries = features.map((name) => ({
  files: [`apps/web/src/features/${name}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          libraries,
          {
            regex: `^(\\.\\./)+(features/)?(${features.filter((f) => f !== name).join('|')})(/|$)`,
            message: `the ${name} feature does not import another feature's files: move what both use to apps/web/src/components/`,
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'apps/web/src/gql/**', 'docs/**', '**/*.gen.ts'] },
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
        { patterns: [libraries] },
      ],
    },
  },
  {
    // the web app runs in the browser
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', localStorage: 'readonly', console: 'readonly' } },
  },
  ...featureBoundaries,
  {
    // shared components and helpers serve every feature and know none of them
    files: ['apps/web/src/components/**/*.{ts,tsx}', 'apps/web/src/lib/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [libraries, { regex: '^(\\.\\./)+features(/|$)', message: 'shared components and helpers do not import a feature: a feature imports them' }] },
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
