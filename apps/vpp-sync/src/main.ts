import { runMain, startServer } from '@flotilla/platform-server';
import { loadVppSyncConfig } from './config/vpp-sync.config';
import { VppSyncModule } from './vpp-sync.module';

runMain(() => startServer({ mode: 'distributed', services: ['vpp-sync'], modules: [VppSyncModule], env: loadVppSyncConfig() }));
