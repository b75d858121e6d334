import { testDatabase } from '@flotilla/platform-db';
import { describePacksRepositoryContract } from './testing/packs-repository.contract';

const database = testDatabase('sqlite', 'packs');
afterAll(() => database.cleanup());

describePacksRepositoryContract('SQLite', () => database.open());
