import { testDatabase } from '@flotilla/platform-db';
import { describeTeamsRepositoryContract } from './testing/teams-repository.contract';

const database = testDatabase('mysql', 'teams');
afterAll(() => database.cleanup());

describeTeamsRepositoryContract('MySQL/MariaDB', () => database.open());
