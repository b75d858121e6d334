import { testDatabase } from '@flotilla/platform-db';
import { describeHostsRepositoryContract } from './hosts-repository.contract';

const database = testDatabase('mysql', 'ingest_hosts');
afterAll(() => database.cleanup());

describeHostsRepositoryContract('MySQL/MariaDB', () => database.open());
