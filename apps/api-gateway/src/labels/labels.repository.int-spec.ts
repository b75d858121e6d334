import { testDatabase } from '@flotilla/platform-db';
import { describeLabelsRepositoryContract } from '../testing/labels-repository.contract';

const database = testDatabase('mysql', 'labels');
afterAll(() => database.cleanup());

describeLabelsRepositoryContract('MySQL/MariaDB', () => database.open());
