import { randomBytes } from 'node:crypto';
import { Database } from '@flotilla/platform-db';
import { createConnection } from 'mysql2/promise';
import { describeTeamsRepositoryContract } from './testing/teams-repository.contract';

const NAME = `flotilla_test_teams_${randomBytes(4).toString('hex')}`;
let db: Database | undefined;

afterAll(async () => {
  await db?.close();
  const admin = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
  await admin.query(`DROP DATABASE IF EXISTS \`${NAME}\``);
  await admin.end();
});

describeTeamsRepositoryContract('MySQL/MariaDB', async () => {
  db = new Database({ dialect: 'mysql', url: `mysql://root@127.0.0.1:3306/${NAME}`, autoMigrate: true });
  await db.start();
  await db.ready(10_000);
  return db;
});
