import { runMain, startServer } from '@flotilla/platform-server';
import { loadOsqueryIngestConfig } from './config/osquery-ingest.config';
import { OsqueryIngestModule } from './osquery-ingest.module';

runMain(() => startServer({ mode: 'distributed', services: ['osquery-ingest'], modules: [OsqueryIngestModule], env: loadOsqueryIngestConfig() }));
