export { OsqueryIngestModule } from './osquery-ingest.module';
export { OSQUERY_INGEST_CONFIG, OSQUERY_INGEST_OWN_CONFIG } from './config/osquery-ingest.config';
export { osqueryHotRoutesOpenApi } from './agent-api/osquery-hot.routes';
