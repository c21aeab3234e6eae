// Lint rules that keep the layers apart (house style): shared/ is isomorphic, the renderer never
// reaches into the Electron side and vice versa, and only renderer/data/ touches Dexie.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'release/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off', // sanitizeText strips control characters on purpose.
    },
  },
  {
    // Code passed to page.evaluate runs in the browser.
    files: ['scripts/bench.mjs', 'test/bench/**', 'test/e2e/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ['shared/**'],
    rules: restrict([
      { group: ['electron', 'electron/*'], message: 'shared/ runs everywhere: no Electron.' },
      { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'shared/ runs everywhere: no React.' },
      { group: ['dexie', 'dexie-*'], message: 'shared/ runs everywhere: only renderer/data/ touches Dexie.' },
      { group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process'], message: 'shared/ runs in the renderer too: no Node built-ins.' },
      { group: ['**/renderer/**', '**/electron/**', '**/cli/**'], message: 'shared/ depends on nothing of the app.' },
    ]),
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict([
      { group: ['electron', 'electron/*', '**/electron/**'], message: 'The renderer never imports the Electron side; use renderer/platform/.' },
      { group: ['node:*'], message: 'The renderer is sandboxed: no Node built-ins.' },
    ]),
  },
  {
    files: ['renderer/**'],
    ignores: ['renderer/data/**'],
    rules: restrict([
      { group: ['electron', 'electron/*', '**/electron/**'], message: 'The renderer never imports the Electron side; use renderer/platform/.' },
      { group: ['node:*'], message: 'The renderer is sandboxed: no Node built-ins.' },
      { group: ['dexie'], message: 'Screens use hooks and repositories in renderer/data/, never Dexie.' },
    ]),
  },
  {
    files: ['cli/**'],
    rules: restrict([{ group: ['**/renderer/**', '**/electron/**', 'electron', 'react', 'react-dom', 'dexie'], message: 'The CLI is built on shared/ only.' }]),
  },
  {
    files: ['electron/**'],
    rules: restrict([{ group: ['**/renderer/**', 'react', 'react-dom', 'dexie'], message: 'The Electron side never imports the renderer.' }]),
  },
);
