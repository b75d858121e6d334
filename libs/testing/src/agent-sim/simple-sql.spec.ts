import { evaluateSimpleSql } from './simple-sql';

const tables: Record<string, Array<Record<string, string>>> = {
  os_version: [{ platform: 'ubuntu', name: 'Ubuntu', major: '22' }],
  system_info: [{ hostname: 'web-1', cpu_brand: "Intel(R) Xeon's" }],
};
const run = (sql: string) => evaluateSimpleSql(sql, (t) => tables[t]);

describe('evaluateSimpleSql', () => {
  it.each([
    ["SELECT 1 FROM os_version WHERE platform = 'ubuntu'", 1],
    ["SELECT 1 FROM os_version WHERE platform = 'darwin';", 0],
    ["select * from os_version where platform = 'darwin' or platform = 'ubuntu'", 1],
    ["SELECT 1 FROM os_version WHERE platform != 'ubuntu'", 0],
    ["SELECT 1 FROM os_version WHERE platform <> 'windows' AND major = 22", 1],
    ["SELECT 1 FROM system_info WHERE hostname LIKE 'web-%'", 1],
    ["SELECT 1 FROM system_info WHERE cpu_brand = 'Intel(R) Xeon''s'", 1],
    ['SELECT hostname FROM system_info', 1],
  ])('%s → %d row(s)', (sql, count) => {
    expect(run(sql)).toHaveLength(count);
  });

  it.each(['SELECT 1', 'SELECT 1 FROM unknown_table', "SELECT 1 FROM os_version WHERE (platform = 'x')", 'SELECT 1 FROM os_version WHERE major > 3', 'DELETE FROM os_version'])(
    'cannot evaluate %s',
    (sql) => {
      expect(run(sql)).toBeUndefined();
    },
  );
});
