import { testDatabase } from '@flotilla/platform-db';
import { describeHostsRepositoryContract } from '../testing/hosts-repository.contract';

const database = testDatabase('mysql', 'hosts');
afterAll(() => database.cleanup());

describeHostsRepositoryContract('MySQL/MariaDB', () => database.open());
