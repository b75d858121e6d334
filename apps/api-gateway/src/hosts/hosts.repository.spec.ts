import { testDatabase } from '@flotilla/platform-db';
import { describeHostsRepositoryContract } from '../testing/hosts-repository.contract';

const database = testDatabase('sqlite', 'hosts');
afterAll(() => database.cleanup());

describeHostsRepositoryContract('SQLite', () => database.open());
