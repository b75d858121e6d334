import { testDatabase } from '@flotilla/platform-db';
import { describeQueryReportsRepositoryContract } from './query-reports-repository.contract';

const database = testDatabase('sqlite', 'ingest-query-reports');
afterAll(() => database.cleanup());

describeQueryReportsRepositoryContract('SQLite', () => database.open());
