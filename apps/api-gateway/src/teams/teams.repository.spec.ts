import { testDatabase } from '@flotilla/platform-db';
import { describeTeamsRepositoryContract } from './testing/teams-repository.contract';

const database = testDatabase('sqlite', 'teams');
afterAll(() => database.cleanup());

describeTeamsRepositoryContract('SQLite', () => database.open());
