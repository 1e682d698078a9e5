// ESLint for the whole codebase (`npm run lint`; `npm test` runs it beside the Prettier check).
// Correctness only: formatting belongs to Prettier (.prettierrc.json), and eslint-config-prettier, applied last,
// switches off any rule that would fight it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Built, installed or generated: never linted (the same list as .prettierignore).
  { ignores: ['**/node_modules/', '**/dist/', 'client/dist/', 'client/public/', 'coverage/', 'data/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Two deliberate unused names stay allowed: a `_name` parameter an interface requires, and a property
      // destructured out only to leave it off the `...rest` copy.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // The client and the bare benchmark page run in the browser; hooks rules apply where React is.
    files: ['client/src/**/*.{ts,tsx}', 'bench/bareApp/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    ...reactHooks.configs.flat.recommended,
  },
  {
    // The build and test scripts are CommonJS.
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
