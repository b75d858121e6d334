import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Module boundaries (CONVENTIONS.md "Boundaries"): every source tag is listed with exactly
// what it may depend on — no wildcard constraints.
const LIBS = ['type:domain', 'type:contracts', 'type:platform', 'type:codec'];
const depConstraints = [
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
  {
    sourceTag: 'type:codec',
    onlyDependOnLibsWithTags: ['type:codec'],
    bannedExternalImports: ['@nestjs/*', 'typeorm', '@nats-io/*', 'nats', 'ioredis', 'rxjs', 'mysql2', 'better-sqlite3'],
  },
  // platform int-specs use libs/testing (TCP proxies, waits); libs/testing therefore never imports platform.
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:domain', 'type:testing'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:testing', 'type:domain', 'type:contracts', 'type:codec'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: [...LIBS, 'type:testing'] },
  { sourceTag: 'type:standalone', onlyDependOnLibsWithTags: ['type:app', ...LIBS] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:app', 'type:testing', ...LIBS] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:testing', ...LIBS] },
];

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/coverage', '**/__fixtures__', '.flotilla', 'tools/build/**', 'tools/test/**', 'jest.config.js'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'process.env is read only in an app\'s config/ folder (CONVENTIONS.md).' },
      ],
    },
  },
  {
    files: ['apps/*/src/config/**/*.ts', '**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'e2e/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts', 'libs/testing/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
];
