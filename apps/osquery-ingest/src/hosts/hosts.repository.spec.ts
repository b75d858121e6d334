import { testDatabase } from '@flotilla/platform-db';
import { describeHostsRepositoryContract } from './hosts-repository.contract';

const database = testDatabase('sqlite', 'ingest-hosts');
afterAll(() => database.cleanup());

describeHostsRepositoryContract('SQLite', () => database.open());
