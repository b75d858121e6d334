import { stopAllConstellations } from '@flotilla/testing';

// Whole-constellation suites: starting ten processes takes seconds, a kill/restart cycle more.
jest.setTimeout(120_000);

// Even when a beforeAll timed out before handing its constellation to the suite, stop it.
afterAll(async () => {
  await stopAllConstellations();
});
