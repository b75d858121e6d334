import { runMain, startServer } from '@flotilla/platform-server';
import { loadVulnConfig } from './config/vuln.config';
import { VulnModule } from './vuln.module';

runMain(() => startServer({ mode: 'distributed', services: ['vuln'], modules: [VulnModule], env: loadVulnConfig() }));
