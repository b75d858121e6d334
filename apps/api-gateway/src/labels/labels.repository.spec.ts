import { testDatabase } from '@flotilla/platform-db';
import { describeLabelsRepositoryContract } from '../testing/labels-repository.contract';

const database = testDatabase('sqlite', 'labels');
afterAll(() => database.cleanup());

describeLabelsRepositoryContract('SQLite', () => database.open());
