// Lint: typescript-eslint's recommended rules, React hooks rules, and the
// import direction the architecture promises (app -> server -> db; the
// projector never reaches into app; the browser never imports server code).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const noImport = (patterns, message) => ['error', { patterns: [{ group: patterns, message }] }];

export default tseslint.config(
  { ignores: ['.next/**', 'node_modules/**', '.data/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['db/**/*.ts'],
    rules: { 'no-restricted-imports': noImport(['@/app/*', '@/server/*'], 'db/ is the bottom layer: it imports neither server/ nor app/.') },
  },
  {
    files: ['server/**/*.ts'],
    rules: { 'no-restricted-imports': noImport(['@/app/*'], 'server/ never imports app/: data flows app -> server -> db.') },
  },
  {
    // Browser code: it may import the wire's contracts, nothing else of server/. Server actions, route
    // handlers and server components (pages, layouts, the header, the first-paint prefetch) run on the server.
    files: ['app/**/*.{ts,tsx}'],
    ignores: ['app/api/**', 'app/actions/**', 'app/**/page.tsx', 'app/**/layout.tsx', 'app/components/header.tsx', 'app/lib/queries/prefetch.tsx'],
    rules: {
      'no-restricted-imports': noImport(['@/server/*', '!@/server/contracts', '!@/server/contracts/*'], 'Browser code imports server/contracts only; move what it needs there.'),
    },
  },
  {
    // The wire's shapes and formats: the browser bundle imports these, so they import nothing but each other.
    files: ['server/contracts/**/*.ts'],
    rules: { 'no-restricted-imports': noImport(['@/*', '!@/server/contracts/*', '../*', 'node:*'], 'server/contracts/ is imported by the browser: it imports only other contracts.') },
  },
);
