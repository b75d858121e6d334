import { runMain, startServer } from '@flotilla/platform-server';
import { loadLiveQueryConfig } from './config/live-query.config';
import { LiveQueryModule } from './live-query.module';

runMain(() => startServer({ mode: 'distributed', services: ['live-query'], modules: [LiveQueryModule], env: loadLiveQueryConfig() }));
