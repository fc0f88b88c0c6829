import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // File-name and parser code matches control characters on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A store's notes are a persistent map (domain/chunked-map.ts): Object.values/keys/entries of it give
      // the map's fields, not the notes, and compile. Read notes through domain/note-access.ts.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.object.name='Object'][callee.property.name=/^(values|keys|entries)$/] > MemberExpression.arguments[property.name='notes']",
          message: 'Notes are a map: use note-access (notesOf, noteList, noteIds) or the map itself.',
        },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}', 'scripts/**', 'bin/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  // The renderer is untrusted web code: no Node, no Electron, and only types from electron/.
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The renderer may not use Electron; go through the contract client.',
            },
          ],
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'child_process'],
              message: 'The renderer may not use Node.',
            },
            {
              group: ['**/electron/**'],
              allowTypeImports: true,
              message: 'The renderer imports only types from electron/.',
            },
          ],
        },
      ],
    },
  },
  // The core is plain TypeScript: never Electron, never HTTP.
  {
    files: ['electron/core/**/*.ts', 'electron/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['electron', 'node:http', 'http'], patterns: ['react', 'react-*'] },
      ],
    },
  },
);
