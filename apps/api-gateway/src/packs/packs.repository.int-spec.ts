import { testDatabase } from '@flotilla/platform-db';
import { describePacksRepositoryContract } from './testing/packs-repository.contract';

const database = testDatabase('mysql', 'packs');
afterAll(() => database.cleanup());

describePacksRepositoryContract('MySQL/MariaDB', () => database.open());
