import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'appPackage/build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      // The domain stays free of frameworks and of the edges that use it (HTTP, API, bot, CRM connectors,
      // live feeds, settings, ingestion, outbox, jobs): edges depend on the domain, never the other way.
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['express', 'express/*', 'botbuilder', 'botbuilder-*'], message: 'The domain is free of frameworks.' },
          {
            group: ['**/http/**', '**/api/**', '**/bot/**', '**/crm/**', '**/realtime/**', '**/settings/**', '**/ingestion/**', '**/outbox/**', '**/jobs/**'],
            message: 'The domain imports no edge: announce a change (src/domain/changes.ts) or take a port instead.',
          },
        ],
      }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
);
