// Three tiers (CONVENTIONS.md "Tests"): unit (*.spec.ts, no network), int (*.int-spec.ts,
// real MariaDB/Redis/NATS/S3-compatible server), e2e (e2e/**/*.e2e-spec.ts, the whole
// constellation started as users start it, in the mode named by FLOTILLA_E2E_MODE).
const { compilerOptions } = require('./tsconfig.base.json');
const fs = require('node:fs');

const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcrc.$schema;

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('/', '\\/')}$`,
    `<rootDir>/${target.replace(/^\.\//, '')}`,
  ]),
);

const E2E_MODE = process.env.FLOTILLA_E2E_MODE === 'distributed' ? 'distributed' : 'standalone';

const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // @nestjs/* 12 ships ES modules only: let swc turn them into CommonJS for jest as well.
  transform: { '^.+\\.[tj]s$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
  moduleNameMapper,
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts', '<rootDir>/e2e/**/*.spec.ts'] },
    { ...base, displayName: 'int', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int-spec.ts'], setupFilesAfterEnv: ['<rootDir>/tools/test/jest-int.setup.ts'] },
    {
      ...base,
      displayName: 'e2e',
      // e2e/*.e2e-spec.ts run in both modes; e2e/<mode>/ holds what only one mode has (e.g. process kills).
      testMatch: ['<rootDir>/e2e/*.e2e-spec.ts', `<rootDir>/e2e/${E2E_MODE}/**/*.e2e-spec.ts`],
      setupFilesAfterEnv: ['<rootDir>/tools/test/jest-e2e.setup.ts'],
    },
  ],
};
