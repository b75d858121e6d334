import { testDatabase } from '@flotilla/platform-db';
import { describeQueryReportsRepositoryContract } from './query-reports-repository.contract';

const database = testDatabase('mysql', 'gateway_query_reports');
afterAll(() => database.cleanup());

describeQueryReportsRepositoryContract('MySQL/MariaDB', () => database.open());
