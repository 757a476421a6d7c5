// One lint setup for the whole project: type-aware TypeScript rules, React hooks rules for the UI,
// and import boundaries that keep the architecture honest:
//   - the core (src/main/core, src/main/server, src/main/cli) never imports electron;
//   - only src/main/electron and src/preload may import electron;
//   - the renderer never imports Node built-ins or main-process code (only src/shared);
//   - src/shared imports neither Node, Electron, nor either side;
//   - src/main/lib (generic helpers: errors, SQLite opening, atomic writes, logger, CSV) imports
//     none of the app: any part may use it, the sandbox platform included.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'module',
  'net',
  'os',
  'path',
  'process',
  'readline',
  'stream',
  'tls',
  'url',
  'util',
  'worker_threads',
  'zlib',
];
const nodePatterns = [
  { group: ['node:*'], message: 'The renderer and shared code run in a browser: no Node APIs.' },
];
const noNode = nodeBuiltins.map((name) => ({ name, message: 'No Node APIs here.' }));
const noElectron = [
  { name: 'electron', message: 'Only src/main/electron and src/preload may import electron.' },
];

export default tseslint.config(
  {
    ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-output/**', 'coverage/**', '.cache/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-function': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use `as const` objects and unions.' },
      ],
    },
  },
  {
    // Plain JavaScript (scripts, bin): linted without type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
      parserOptions: { projectService: false, project: null },
    },
  },
  {
    // CommonJS files run as they are (a worker thread's file): `require` is how they load.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/main/**/*.ts', 'src/cli/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { paths: noElectron }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [...noNode, ...noElectron],
          patterns: [
            ...nodePatterns,
            {
              group: ['**/main/**', '**/preload/**'],
              message: 'The renderer talks to the core through the contract only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noElectron,
          patterns: [
            {
              group: [
                '**/core/**',
                '**/server/**',
                '**/cli/**',
                '**/electron/**',
                '**/platform/**',
                '**/host/**',
              ],
              message: 'src/main/lib is generic: it imports no part of the app (src/shared only).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...noNode, ...noElectron],
          patterns: [
            ...nodePatterns,
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'Shared code depends on nothing else.',
            },
          ],
        },
      ],
    },
  },
);
