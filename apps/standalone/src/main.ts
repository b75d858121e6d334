import { SERVICE_NAMES } from '@flotilla/domain';
import { runMain, startServer } from '@flotilla/platform-server';
import { loadStandaloneConfig } from './config/standalone.config';
import { STANDALONE_MODULES } from './standalone.modules';

runMain(() =>
  startServer({
    mode: 'standalone',
    services: SERVICE_NAMES,
    modules: SERVICE_NAMES.map((s) => STANDALONE_MODULES[s]),
    env: loadStandaloneConfig(),
  }),
);
